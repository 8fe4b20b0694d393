/**
 * Shapes of the Herald API as the SDK sees them: aliases of the types generated from the server's
 * OpenAPI document (api-types.gen.ts, `npm run gen:api-types`), never copied by hand.
 */
import type * as Api from './api-types.gen.js';

/** The JSON body an operation takes. */
export type RequestBody<Op extends keyof Api.operations> = Api.operations[Op] extends { requestBody?: { content: { 'application/json': infer B } } }
  ? B
  : never;

export type Platform = Api.Platform;
export type PushProvider = Api.PushProvider;
export type SessionChannel = Api.SessionChannel;
export type SessionStatus = Api.SessionStatus;
export type MessageRole = Api.MessageRole;
export type DeviceRegistration = RequestBody<'registerDevice'>;
export type Device = Api.Device;
export type NotificationPreferences = Api.NotificationPreferences;
export type Session = Api.Session;
export type Message = Api.Message;
export type QuietHours = Api.QuietHours;
/** Every error the API answers with: `{ error: { code, message } }`. */
export type ApiError = Api.Error;

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
