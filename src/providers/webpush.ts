import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import webpush from 'web-push';
import type { PushSubscription, RequestDetails, RequestOptions } from 'web-push';
import {
  CONFIGURED,
  connectionPool,
  exchange,
  excerpt,
  httpFailure,
  isRetryableStatus,
  unconfiguredProvider,
  type DeliveryResult,
  type DeviceTarget,
  type Provider,
  type ProviderStatus,
  type PushMessage,
} from './provider.js';
import { assertVapidKeys } from './vapid.js';
import { KeyError, MAX_SINGLE_RECORD, PushEncryption, type Ticket } from './webpush-encryption.js';

export interface WebPushProviderOptions {
  /** VAPID_PUBLIC_KEY (or the generated one from `loadVapidKeys`). */
  publicKey: string | undefined;
  /** VAPID_PRIVATE_KEY */
  privateKey: string | undefined;
  /** VAPID_SUBJECT: a mailto: or https: URL push services can contact you at. */
  subject: string | undefined;
  /** Shared keep-alive pool; one is created (and closed on `close()`) when absent. */
  dispatcher?: Dispatcher;
  /** Whole-request deadline; a hanging push service costs one device this long, no more. */
  timeoutMs?: number;
  now?: () => number;
  /** Worker threads that encrypt (default: one per spare core, at most 2; 0 encrypts on the event loop). */
  encryptionThreads?: number;
}

/** What the service worker receives (decrypted `event.data.json()`). */
export interface WebPushPayload {
  notificationId: string;
  title: string;
  body: string;
  data: Record<string, string>;
  /** Same tag replaces the earlier notification of that conversation. */
  tag?: string;
  url?: string;
  /** Notification API actions; `type: "text"` asks for a reply. */
  actions?: { action: string; title: string; type: 'button' | 'text'; destructive?: boolean }[];
}

const DEFAULT_TTL_S = 4 * 7 * 24 * 3600;
const VAPID_JWT_LIFETIME_S = 12 * 3600;
/** Bodies encrypted ahead (prepare) and not sent yet; past this many they are forgotten (a circuit opened, say). */
const PREPARED_MAX = 1024;

/**
 * Web Push (RFC 8030) with VAPID (RFC 8292) and aes128gcm payload encryption (RFC 8291) via the
 * `web-push` library; the request itself goes through undici so it shares a keep-alive pool and
 * obeys a hard deadline. `target.token` is the browser's PushSubscription JSON.
 */
export function createWebPushProvider(options: WebPushProviderOptions): Provider<PushMessage, DeviceTarget> {
  const status = checkConfig(options);
  if (!status.configured) return unconfiguredProvider('webpush', status.reason);
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const pool = connectionPool(options.dispatcher);
  const encryption = new PushEncryption(options.encryptionThreads);
  let lastPlain: { message: PushMessage; plaintext: Buffer } | undefined;
  // The same message object for every device of a fan-out (see device-sender): serialized once.
  const plaintextOf = (message: PushMessage): Buffer => {
    if (lastPlain?.message !== message) lastPlain = { message, plaintext: Buffer.from(JSON.stringify(toPayload(message))) };
    return lastPlain.plaintext;
  };
  // Bodies encrypted ahead for the next devices of a message, by subscription; each is used once
  // (a new key pair per message), and only for the message it was encrypted for.
  const prepared = new Map<string, { message: PushMessage; subscription: PushSubscription; ticket: Ticket }>();
  // One ES256 signature per push service origin every ~11 h instead of one per message.
  const vapidCache = new Map<string, { authorization: string; exp: number }>();

  function vapidAuthorization(audience: string): string {
    const nowS = Math.floor(now() / 1000);
    const cached = vapidCache.get(audience);
    if (cached && cached.exp - nowS > 3600) return cached.authorization;
    const exp = nowS + VAPID_JWT_LIFETIME_S;
    const { Authorization } = webpush.getVapidHeaders(audience, options.subject!, options.publicKey!, options.privateKey!, 'aes128gcm', exp);
    vapidCache.set(audience, { authorization: Authorization, exp });
    return Authorization;
  }

  function prepare(message: PushMessage, targets: readonly DeviceTarget[]): void {
    const plaintext = plaintextOf(message);
    if (plaintext.length > MAX_SINGLE_RECORD) return;
    if (prepared.size > PREPARED_MAX) prepared.clear();
    const jobs: Array<{ plaintext: Buffer; p256dh: Buffer; auth: Buffer }> = [];
    const subs: Array<{ token: string; subscription: PushSubscription }> = [];
    for (const { token } of targets) {
      if (prepared.has(token)) continue;
      const subscription = parseSubscription(token);
      if (!subscription) continue;
      jobs.push({ plaintext, p256dh: Buffer.from(subscription.keys.p256dh, 'base64url'), auth: Buffer.from(subscription.keys.auth, 'base64url') });
      subs.push({ token, subscription });
    }
    encryption.ahead(jobs).forEach((ticket, i) => prepared.set(subs[i]!.token, { message, subscription: subs[i]!.subscription, ticket }));
  }

  async function send(message: PushMessage, target: DeviceTarget): Promise<DeliveryResult> {
    const early = prepared.get(target.token);
    if (early) prepared.delete(target.token);
    const ready = early?.message === message ? early : undefined;
    const subscription = ready?.subscription ?? parseSubscription(target.token);
    if (!subscription) return { kind: 'dead-target', error: 'token is not a valid PushSubscription JSON' };

    let authorization: string;
    try {
      authorization = vapidAuthorization(new URL(subscription.endpoint).origin);
    } catch (err) {
      // Our side (keys, subject, clock), not the subscription's: keep the device.
      return { kind: 'permanent', error: `cannot sign VAPID token: ${(err as Error).message}` };
    }
    const ttl = Math.max(0, Math.floor(message.ttlSeconds ?? DEFAULT_TTL_S));
    const plaintext = plaintextOf(message);
    let endpoint = subscription.endpoint;
    let body: Buffer;
    let headers: Record<string, string>;
    if (plaintext.length <= MAX_SINGLE_RECORD) {
      // The common case: only the encryption is per device (RFC 8291), the rest is per message.
      try {
        body = ready
          ? await encryption.take(ready.ticket)
          : await encryption.encrypt(plaintext, Buffer.from(subscription.keys.p256dh, 'base64url'), Buffer.from(subscription.keys.auth, 'base64url'));
      } catch (err) {
        // A subscription whose keys cannot be used for encryption will never work; a worker lost is ours.
        if (err instanceof KeyError) return { kind: 'dead-target', error: `cannot encrypt for this subscription: ${err.message}` };
        return { kind: 'retryable', error: `encryption failed: ${(err as Error).message}` };
      }
      headers = {
        ttl: String(ttl),
        urgency: message.urgency ?? 'normal',
        'content-type': 'application/octet-stream',
        'content-encoding': 'aes128gcm',
        'content-length': String(body.length),
        authorization,
      };
      if (message.collapseId) headers.topic = toTopic(message.collapseId);
    } else {
      // Larger than one record: web-push splits it (the push service will most likely refuse it: 413).
      let details: RequestDetails;
      try {
        const opts: RequestOptions = { TTL: ttl, contentEncoding: 'aes128gcm', urgency: message.urgency ?? 'normal' };
        if (message.collapseId) opts.topic = toTopic(message.collapseId);
        details = webpush.generateRequestDetails(subscription, plaintext, opts);
      } catch (err) {
        return { kind: 'dead-target', error: `cannot encrypt for this subscription: ${(err as Error).message}` };
      }
      details.headers.Authorization = authorization;
      headers = {};
      for (const [k, v] of Object.entries(details.headers)) headers[k.toLowerCase()] = String(v);
      endpoint = details.endpoint;
      body = details.body as Buffer;
    }
    const res = await exchange(endpoint, { headers, body, dispatcher: pool.dispatcher, timeoutMs });
    if ('failure' in res) return res.failure;

    const code = res.statusCode;
    const response = excerpt(res.text);
    if (code >= 200 && code < 300) {
      const location = res.headers.location;
      return { kind: 'delivered', statusCode: code, response, providerMessageId: Array.isArray(location) ? location[0] : location };
    }
    if (code === 404 || code === 410) {
      return { kind: 'dead-target', statusCode: code, response, error: 'subscription expired or unsubscribed' };
    }
    const why = code === 401 || code === 403 ? 'VAPID authorization rejected' : code === 413 ? 'payload too large' : isRetryableStatus(code) ? '' : 'rejected';
    return httpFailure(code, `push service answered ${code}${why ? `: ${why}` : ''}`, response, res.headers['retry-after'], now());
  }

  return {
    name: 'webpush',
    status: () => CONFIGURED,
    send,
    prepare,
    async check() {
      return { ok: true, detail: `VAPID keys valid; public key ${options.publicKey!.slice(0, 12)}…` };
    },
    async close() {
      await encryption.close();
      await pool.close();
    },
  };
}

function checkConfig(options: WebPushProviderOptions): ProviderStatus {
  const { publicKey, privateKey, subject } = options;
  if (!publicKey || !privateKey) return { configured: false, reason: 'VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY are not set' };
  if (!subject) return { configured: false, reason: 'VAPID_SUBJECT is not set (a mailto: or https: URL)' };
  if (!/^(mailto:|https:\/\/)/.test(subject)) {
    return { configured: false, reason: 'VAPID_SUBJECT must be a mailto: or https: URL' };
  }
  try {
    assertVapidKeys({ publicKey, privateKey }, 'VAPID keys');
  } catch (err) {
    return { configured: false, reason: (err as Error).message };
  }
  return { configured: true };
}

function parseSubscription(token: string): PushSubscription | undefined {
  try {
    const sub = JSON.parse(token) as Partial<PushSubscription>;
    if (typeof sub.endpoint !== 'string' || !/^https?:\/\//.test(sub.endpoint)) return undefined;
    if (typeof sub.keys?.p256dh !== 'string' || typeof sub.keys.auth !== 'string') return undefined;
    return { endpoint: sub.endpoint, keys: { p256dh: sub.keys.p256dh, auth: sub.keys.auth } };
  } catch {
    return undefined;
  }
}

function toPayload(message: PushMessage): WebPushPayload {
  const payload: WebPushPayload = {
    notificationId: message.notificationId,
    title: message.title,
    body: message.body,
    data: message.data,
  };
  if (message.collapseId) payload.tag = message.collapseId;
  if (message.url) payload.url = message.url;
  if (message.actions?.length) {
    payload.actions = message.actions.map((a) => ({
      action: a.id,
      title: a.title,
      type: a.input ? 'text' : 'button',
      ...(a.destructive ? { destructive: true } : {}),
    }));
  }
  return payload;
}

/** RFC 8030 Topic: ≤ 32 URL-safe base64 chars; other collapse ids are hashed into that alphabet. */
function toTopic(collapseId: string): string {
  if (/^[A-Za-z0-9_-]{1,32}$/.test(collapseId)) return collapseId;
  return createHash('sha256').update(collapseId).digest('base64url').slice(0, 32);
}
