/** Shapes of the Herald API as the SDK sees them (CONTRACT §4, §6). */

export type Platform = 'mobile' | 'web' | 'tma';
export type PushProvider = 'fcm' | 'apns' | 'webpush' | 'telegram' | 'beams' | 'onesignal';
export type SessionChannel = 'mobile' | 'web' | 'telegram' | 'sms' | 'email' | 'api';
export type SessionStatus = 'bot' | 'waiting' | 'assigned' | 'resolved';
export type MessageRole = 'user' | 'assistant' | 'operator' | 'system';

export interface DeviceRegistration {
  platform: Platform;
  token: string;
  /** Defaults by platform: mobile → fcm, web → webpush, tma → telegram. */
  provider?: PushProvider;
  appVersion?: string;
  osVersion?: string;
  hardwareId?: string;
  locale?: string;
}

export interface Device {
  id: string;
  platform: Platform;
  provider: PushProvider;
  /** For Web Push the server shows only the endpoint's origin, never the keys. */
  token: string;
  disabled?: boolean;
  [field: string]: unknown;
}

export interface NotificationPreferences {
  chatMessages: boolean;
  ticketUpdates: boolean;
  systemNotices: boolean;
}

export interface Session {
  id: string;
  agentId: string;
  customerId: string;
  channel: SessionChannel;
  status: SessionStatus;
  lastSeq?: number;
  createdAt: string;
  [field: string]: unknown;
}

export interface Message {
  id: string;
  sessionId: string;
  /** 1, 2, 3… within a session: the order, and the cursor for polling. */
  seq: number;
  role: MessageRole;
  author: { type: 'customer' | 'ai' | 'human' | 'system'; id?: string };
  text: string;
  createdAt: string;
}

/** The parts of a PushSubscription the server needs; a browser's PushSubscription fits. */
export interface WebPushSubscriptionLike {
  endpoint: string;
  keys?: { p256dh: string; auth: string };
  toJSON?(): unknown;
}

/**
 * Where the client remembers the tokens it registered, so a later run can still unregister them
 * (sign-out after a restart, a token that rotated while the app was closed). localStorage and
 * React Native's AsyncStorage both fit.
 */
export interface KeyValueStorage {
  getItem(key: string): string | null | undefined | Promise<string | null | undefined>;
  setItem(key: string, value: string): void | Promise<void>;
  removeItem(key: string): void | Promise<void>;
}

/** Only what the SDK reads from a response, so any fetch implementation (browser, Node, RN) fits. */
export interface FetchResponse {
  ok: boolean;
  status: number;
  headers: { get(name: string): string | null };
  text(): Promise<string>;
  body?: StreamBody | null;
}

export interface StreamBody {
  getReader?(): StreamReader;
}

export interface StreamReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}

export interface FetchInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponse>;

/** How onMessage hears about new messages right now. */
export type ConnectionState = 'idle' | 'connecting' | 'streaming' | 'polling';

/**
 * `auto`: SSE over fetch streaming, polling while it is down or where it cannot work (React
 * Native). `sse`: streaming only, reconnecting on failure. `polling`: never stream.
 */
export type TransportMode = 'auto' | 'sse' | 'polling';
