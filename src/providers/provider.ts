/**
 * The seam between the engine and every vendor. A provider turns one message for one target
 * into one attempt and says, in vendor-neutral words, what should happen next.
 *
 * Providers never throw for a vendor's answer: a network error, a timeout or a 5xx is a
 * DeliveryResult with `retryable: true`. They throw only for programming errors.
 */
import { isGuardRefusal } from '../security/url-guard.js';
import { type Dispatcher, request } from 'undici';
import { redact } from '../security/redact.js';

/** What one attempt came to. `response` is an excerpt of the vendor's answer (≤ 1 KiB, no secrets). */
export interface DeliveryResult {
  ok: boolean;
  /** HTTP (or SMTP) status code, when the vendor answered. */
  statusCode?: number;
  /** Short human-readable reason for a failure. */
  error?: string;
  /** Excerpt of the vendor's answer body, for the deliveries console. */
  response?: string;
  /** Worth trying again later (network error, timeout, 408, 425, 429, 5xx …). */
  retryable?: boolean;
  /** The vendor asked us to wait this long before the next attempt (Retry-After, retry_after). */
  retryAfterMs?: number;
  /** The target is dead for good (unregistered token, 410 Gone): remove or disable it. */
  dropTarget?: boolean;
  /** Vendor-side id of the accepted message (FCM name, APNs apns-id, Twilio SID …). */
  providerMessageId?: string;
}

/** Whether a provider can send at all; when not, deliveries are recorded `skipped` with `reason`. */
export type ProviderStatus = { configured: true } | { configured: false; reason: string };

/** One notification as a device should show it (FCM, APNs, Web Push, Telegram, Beams, OneSignal). */
export interface PushMessage {
  /** Herald's notification id; used for idempotency keys where the vendor supports them. */
  notificationId: string;
  title: string;
  body: string;
  /** Flat string map delivered as data (FCM `data`, APNs custom keys, Web Push JSON). */
  data: Record<string, string>;
  /** Replaces an earlier notification of the same conversation (APNs collapse id, Web Push Topic). */
  collapseId?: string;
  /** Actionable notification buttons. */
  actions?: PushAction[];
  /** How long the push service should keep it for an offline device. */
  ttlSeconds?: number;
  urgency?: 'very-low' | 'low' | 'normal' | 'high';
  /** Deep link for Telegram's "Open chat" button and Web Push click. */
  url?: string;
}

export interface PushAction {
  id: string;
  title: string;
  /** The action asks for text (reply). */
  input?: boolean;
  destructive?: boolean;
}

/** A registered device of a customer or an operator. */
export interface DeviceTarget {
  deviceId: string;
  /** FCM registration token, APNs device token, PushSubscription JSON, Telegram chat id, … */
  token: string;
}

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  /** Extra headers (e.g. References for threading). */
  headers?: Record<string, string>;
}

export interface SmsMessage {
  to: string;
  body: string;
  /** Alphanumeric sender id, overriding TWILIO_FROM where the country allows it. */
  senderName?: string;
}

export interface Provider<M, T = void> {
  readonly name: string;
  status(): ProviderStatus;
  send(message: M, target: T): Promise<DeliveryResult>;
  /** For `herald doctor`: can the vendor's endpoint be reached with these credentials? */
  check?(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}

/**
 * The iOS notification category an app registers for a set of buttons. One name for APNs, FCM
 * and Beams alike: the app declares it once, whichever provider delivered the push.
 */
export function actionCategory(actions: readonly PushAction[]): string {
  return `HERALD_ACTIONS_${actions.map((a) => a.id.replace(/[^A-Za-z0-9-]/g, '-')).join('_')}`;
}

/** The message's data as a flat string map, with its actions (if any) as JSON under `actions`. */
export function dataWithActions(message: PushMessage): Record<string, string> {
  const data: Record<string, string> = { ...message.data };
  if (message.actions?.length) data.actions = JSON.stringify(message.actions);
  return data;
}

/**
 * Keeps response excerpts small and printable for the deliveries console, with the given secrets
 * and anything shaped like a credential replaced by `[redacted]` (before cutting, so no prefix of
 * a secret survives the cut).
 */
export function excerpt(text: string | undefined, secrets: ReadonlyArray<string | undefined> = [], max = 1024): string | undefined {
  if (text === undefined) return undefined;
  // Only what can end up in the excerpt is scanned (hot path): the kept part plus room for a
  // secret that starts inside it and runs past the cut.
  const room = Math.max(64, ...secrets.map((s) => (s ? s.length * 2 : 0)));
  const clean = redact(text.length > max + room ? text.slice(0, max + room) : text, secrets)!;
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** The same result with its `response` and `error` redacted (a provider's own credentials). */
export function redactResult(result: DeliveryResult, secrets: ReadonlyArray<string | undefined>): DeliveryResult {
  if (result.response === undefined && result.error === undefined) return result;
  return { ...result, response: redact(result.response, secrets), error: redact(result.error, secrets) };
}

/** Parses an HTTP Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | string[] | undefined, now = Date.now()): number | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v) return undefined;
  const seconds = Number(v);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(v);
  if (Number.isFinite(date)) return Math.max(0, date - now);
  return undefined;
}

/** HTTP statuses that are worth another attempt (CONTRACT §5). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 425 || status === 429 || status >= 500;
}

/**
 * POSTs a body with a deadline and reads the answer as text. A request that got no answer comes
 * back as a retryable DeliveryResult, so callers only interpret the vendor's status and body.
 */
export async function postForText(
  url: string,
  opts: { headers: Record<string, string>; body: string; dispatcher: Dispatcher; timeoutMs: number },
): Promise<{ statusCode: number; headers: Dispatcher.ResponseData['headers']; text: string } | { failure: DeliveryResult }> {
  try {
    const res = await request(url, { method: 'POST', headers: opts.headers, body: opts.body, dispatcher: opts.dispatcher, signal: AbortSignal.timeout(opts.timeoutMs) });
    return { statusCode: res.statusCode, headers: res.headers, text: await res.body.text() };
  } catch (err) {
    return { failure: { ok: false, retryable: !isGuardRefusal(err), error: describeNetworkError(err, opts.timeoutMs) } };
  }
}

/** One line for a request that got no answer: a timeout, or the network error's code and message. */
export function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return `timeout after ${timeoutMs} ms`;
  }
  const code = e?.cause?.code ?? e?.code ?? e?.name ?? 'Error';
  const message = e?.cause?.message ?? e?.message ?? '';
  return `network error: ${code} ${message}`.trim();
}

/** A vendor's 408/425/429/5xx: worth another attempt, no sooner than its Retry-After. */
export function retryableHttpFailure(
  statusCode: number,
  response: string | undefined,
  retryAfter: string | string[] | undefined,
  error: string,
  now = Date.now(),
): DeliveryResult {
  return { ok: false, statusCode, response, retryable: true, retryAfterMs: parseRetryAfter(retryAfter, now), error };
}
