/**
 * The seam between the engine and every vendor. A provider turns one message for one target
 * into one attempt and says, in vendor-neutral words, what should happen next.
 *
 * Providers never throw for a vendor's answer: a network error, a timeout or a 5xx is a
 * DeliveryResult of kind `retryable`. They throw only for programming errors. The mechanics every
 * provider shares live here: status from missing settings, its connection pool, the HTTP exchange
 * under a deadline, safe JSON parsing and the retryable-status / Retry-After mapping.
 */
import { isGuardRefusal } from '../security/url-guard.js';
import { EventEmitter } from 'node:events';
import { Agent, type Dispatcher, request } from 'undici';
import { redact } from '../security/redact.js';

/** Facts of a vendor's answer, kept on the attempt for the deliveries console. */
interface Answered {
  /** HTTP (or SMTP) status code, when the vendor answered. */
  statusCode?: number;
  /** Excerpt of the vendor's answer body (≤ 1 KiB, no secrets). */
  response?: string;
}

/** The vendor accepted the message. */
export interface Delivered extends Answered {
  kind: 'delivered';
  /** Vendor-side id of the accepted message (FCM name, APNs apns-id, Twilio SID …). */
  providerMessageId?: string;
}

/** Worth trying again later: a network error, a timeout, 408, 425, 429, 5xx, SMTP 4yz … */
export interface Retryable extends Answered {
  kind: 'retryable';
  /** Short human-readable reason. */
  error: string;
  /** The vendor asked us to wait this long before the next attempt (Retry-After, retry_after). */
  retryAfterMs?: number;
}

/** This message will fail the same way every time (bad request, bad credentials, refused by our guard). */
export interface Permanent extends Answered {
  kind: 'permanent';
  error: string;
}

/** The target is dead for good (unregistered token, 410 Gone, blocked bot): stop using it. */
export interface DeadTarget extends Answered {
  kind: 'dead-target';
  error: string;
}

/** The provider has no (usable) settings: nothing was sent; the delivery is `skipped`. */
export interface Unconfigured {
  kind: 'unconfigured';
  reason: string;
}

/**
 * What one attempt came to, as exactly one outcome; the engine decides the delivery's next state
 * from `kind` alone (attempt-outcome.ts).
 */
export type DeliveryResult = Delivered | Retryable | Permanent | DeadTarget | Unconfigured;

/** A failed attempt's outcome (anything but delivered and unconfigured). */
export type Failure = Retryable | Permanent | DeadTarget;

/** Whether a provider can send at all; when not, deliveries are recorded `skipped` with `reason`. */
export type ProviderStatus = { configured: true } | { configured: false; reason: string };

/** The status of every provider whose settings are complete. */
export const CONFIGURED: ProviderStatus = Object.freeze({ configured: true });

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
  /**
   * Optional: `message` goes to these targets next, so per-target work may start now (Web Push:
   * their bodies are encrypted ahead, in one batch). A hint only: send() works without it.
   */
  prepare?(message: M, targets: readonly T[]): void;
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
export function redactResult<R extends DeliveryResult>(result: R, secrets: ReadonlyArray<string | undefined>): R {
  if (result.kind === 'unconfigured') return result;
  const error = 'error' in result ? result.error : undefined;
  if (result.response === undefined && error === undefined) return result;
  const out = { ...result, response: redact(result.response, secrets) };
  if (error !== undefined) (out as { error?: string }).error = redact(error, secrets);
  return out;
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
 * A vendor's non-2xx answer that is not about the target: 408/425/429/5xx are retryable, no
 * sooner than `retryAfter` (a Retry-After header value, or seconds as the vendor's body gave
 * them); anything else will fail the same way again.
 */
export function httpFailure(
  statusCode: number,
  error: string,
  response: string | undefined,
  retryAfter?: string | string[],
  now = Date.now(),
): Retryable | Permanent {
  if (!isRetryableStatus(statusCode)) return { kind: 'permanent', statusCode, response, error };
  const retryAfterMs = parseRetryAfter(retryAfter, now);
  return retryAfterMs === undefined ? { kind: 'retryable', statusCode, response, error } : { kind: 'retryable', statusCode, response, error, retryAfterMs };
}

/**
 * A request that got no answer: a timeout or network error is retryable; a connection refused by
 * our own outgoing-URL guard is permanent (the address will not become public by waiting).
 */
export function networkFailure(err: unknown, timeoutMs: number, label = ''): Retryable | Permanent {
  const error = `${label}${describeNetworkError(err, timeoutMs)}`;
  return isGuardRefusal(err) ? { kind: 'permanent', error } : { kind: 'retryable', error };
}

/** One line for a request that got no answer: a timeout, or the network error's code and message. */
function describeNetworkError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return `timeout after ${timeoutMs} ms`;
  }
  const code = e?.cause?.code ?? e?.code ?? e?.name ?? 'Error';
  const message = e?.cause?.message ?? e?.message ?? '';
  return `network error: ${code} ${message}`.trim();
}

/** A vendor's answer, read whole as text. */
export interface HttpAnswer {
  statusCode: number;
  headers: Dispatcher.ResponseData['headers'];
  text: string;
}

/**
 * One HTTP exchange under a whole-request deadline (connect, headers and body). A request that
 * got no answer comes back as a failure, so callers only interpret the vendor's status and body.
 */
export async function exchange(
  url: string,
  opts: { method?: 'GET' | 'POST'; headers: Record<string, string>; body?: string | Buffer; dispatcher: Dispatcher; timeoutMs: number; label?: string },
): Promise<HttpAnswer | { failure: Retryable | Permanent }> {
  const deadline = new Deadline(opts.timeoutMs);
  try {
    const res = await request(url, {
      method: opts.method ?? 'POST',
      headers: opts.headers,
      body: opts.body,
      dispatcher: opts.dispatcher,
      signal: deadline,
    });
    return { statusCode: res.statusCode, headers: res.headers, text: await res.body.text() };
  } catch (err) {
    return { failure: networkFailure(err, opts.timeoutMs, opts.label) };
  } finally {
    deadline.clear();
  }
}

/**
 * The abort signal of one exchange: an EventEmitter (undici takes one as `signal`) with a plain
 * timer. `AbortSignal.timeout()` did the same at several times the cost (an EventTarget, a weak
 * timer, a DOMException), a visible share of a Web Push fan-out's event loop.
 */
class Deadline extends EventEmitter {
  aborted = false;
  private readonly timer: NodeJS.Timeout;

  constructor(ms: number) {
    super();
    this.timer = setTimeout(() => {
      this.aborted = true;
      this.emit('abort');
    }, ms);
    this.timer.unref();
  }

  clear(): void {
    clearTimeout(this.timer);
  }
}

/** A vendor's JSON answer, or undefined when it is not a JSON object (a proxy's HTML error page). */
export function parseJson<T extends object>(text: string): Partial<T> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Settings a provider cannot work without, keyed by their environment variable: either every
 * value (trimmed, non-empty), or one sentence naming each one missing.
 */
export function requireSettings<K extends string>(settings: Record<K, string | null | undefined>): { values: Record<K, string> } | { reason: string } {
  const values = {} as Record<K, string>;
  const missing: string[] = [];
  for (const key of Object.keys(settings) as K[]) {
    const v = settings[key]?.trim();
    if (v) values[key] = v;
    else missing.push(key);
  }
  if (missing.length) return { reason: `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set` };
  return { values };
}

/**
 * A provider that cannot send: `send` records nothing and says why (the delivery is `skipped`),
 * `check` fails with the same reason. `close` releases whatever was built before the settings
 * were found wanting.
 */
export function unconfiguredProvider<M, T>(name: string, reason: string, close: () => Promise<void> = async () => undefined): Provider<M, T> {
  const result: Unconfigured = { kind: 'unconfigured', reason };
  return {
    name,
    status: () => ({ configured: false, reason }),
    send: async () => result,
    check: async () => ({ ok: false, detail: reason }),
    close,
  };
}

/**
 * The keep-alive pool a provider sends through: the caller's shared one (the caller closes it),
 * or one of its own that `close()` ends.
 */
export function connectionPool(shared: Dispatcher | undefined): { dispatcher: Dispatcher; close(): Promise<void> } {
  if (shared) return { dispatcher: shared, close: async () => undefined };
  const own = new Agent({ keepAliveTimeout: 30_000 });
  return { dispatcher: own, close: () => own.close() };
}
