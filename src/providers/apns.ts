import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { guardedLookup, PrivateAddressError, unsafeAddressReason } from '../security/url-guard.js';
import http2 from 'node:http2';
import { SignJWT } from 'jose';
import {
  actionCategory,
  CONFIGURED,
  dataWithActions,
  excerpt,
  httpFailure,
  parseJson,
  unconfiguredProvider,
  type DeliveryResult,
  type DeviceTarget,
  type Provider,
  type PushMessage,
} from './provider.js';

export interface ApnsProviderOptions {
  /** APNS_KEY_FILE: path to the AuthKey_XXXX.p8 signing key. */
  keyFile: string | undefined;
  /** The .p8 contents instead of a path (portal settings). */
  key?: string;
  /** APNS_KEY_ID */
  keyId: string | undefined;
  /** APNS_TEAM_ID */
  teamId: string | undefined;
  /** APNS_TOPIC: the app's bundle id. */
  topic: string | undefined;
  /** APNS_HOST: host[:port] (api.push.apple.com; api.sandbox.push.apple.com for development builds). */
  host?: string;
  /** Extra trusted CA (PEM) — only for a local fake with a self-signed certificate. */
  ca?: string | Buffer;
  timeoutMs?: number;
  /** false: the connection passes the outgoing-URL guard (the registry always sets it from HERALD_ALLOW_PRIVATE_WEBHOOKS). */
  allowPrivate?: boolean;
  /** How long a provider token is reused; Apple wants 20–60 min (refreshing more often is throttled). */
  tokenRefreshMs?: number;
  now?: () => number;
}

type Raw = { status: number; headers: http2.IncomingHttpHeaders; body: string } | { error: string; refused?: boolean };

/** Token-based APNs over one long-lived HTTP/2 connection, as Apple asks providers to do. */
export function createApnsProvider(options: ApnsProviderOptions): Provider<PushMessage, DeviceTarget> {
  const loaded = loadKey(options);
  if ('reason' in loaded) return unconfiguredProvider('apns', loaded.reason);
  const { key } = loaded;
  const authority = `https://${options.host ?? 'api.push.apple.com'}`;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const refreshMs = options.tokenRefreshMs ?? 50 * 60_000;
  const now = options.now ?? Date.now;
  let session: http2.ClientHttp2Session | undefined;
  let token: { jwt: Promise<string>; issuedAt: number } | undefined;

  /** The shared token; `stale` (one APNs refused) is replaced once, not by every send that saw it. */
  function providerToken(stale?: Promise<string>): Promise<string> {
    const t = now();
    if (!token || token.jwt === stale || t - token.issuedAt >= refreshMs) {
      const jwt = new SignJWT({})
        .setProtectedHeader({ alg: 'ES256', kid: options.keyId! })
        .setIssuer(options.teamId!)
        .setIssuedAt(Math.floor(t / 1000))
        .sign(key);
      token = { jwt, issuedAt: t };
      jwt.catch(() => {
        if (token?.jwt === jwt) token = undefined;
      });
    }
    return token.jwt;
  }

  function connect(): http2.ClientHttp2Session {
    if (session && !session.closed && !session.destroyed) return session;
    // node:http2 is not undici: the guard's DNS check goes in as `lookup`; IP literals are refused
    // before connecting (createApnsProvider's host was checked when it was saved as well).
    const guard = options.allowPrivate === false ? { lookup: guardedLookup as never } : {};
    const s = http2.connect(authority, { ...(options.ca ? { ca: options.ca } : {}), ...guard });
    if (options.allowPrivate === false) {
      const literal = new URL(authority).hostname.replace(/^\[|\]$/g, '');
      const why = net.isIP(literal) ? unsafeAddressReason(literal) : undefined;
      if (why) s.destroy(new PrivateAddressError(literal, why));
    }
    // Failures surface on each stream; an unhandled 'error' event would crash the process.
    s.on('error', () => undefined);
    // After GOAWAY or a drop, in-flight streams finish (or fail) on the old session; new ones reconnect.
    const forget = (): void => {
      if (session === s) session = undefined;
    };
    s.on('goaway', forget);
    s.on('close', forget);
    session = s;
    return s;
  }

  /**
   * One request; a stream the server refused (REFUSED_STREAM, typically racing a GOAWAY) was
   * never processed, so it is safe to replay once on a fresh connection.
   */
  async function exchange(headers: http2.OutgoingHttpHeaders, body: string): Promise<Raw> {
    const first = await exchangeOnce(headers, body);
    if (!('refused' in first) || !first.refused) return first;
    return exchangeOnce(headers, body);
  }

  function exchangeOnce(headers: http2.OutgoingHttpHeaders, body: string): Promise<Raw> {
    return new Promise<Raw>((resolve) => {
      let via = connect();
      let stream: http2.ClientHttp2Stream;
      try {
        stream = via.request(headers);
      } catch {
        // The session was shutting down between our check and the request: start a fresh one.
        if (session === via) session = undefined;
        try {
          via = connect();
          stream = via.request(headers);
        } catch (err) {
          resolve({ error: `cannot open stream: ${(err as Error).message}` });
          return;
        }
      }
      let responseHeaders: http2.IncomingHttpHeaders | undefined;
      const chunks: Buffer[] = [];
      const timer = setTimeout(() => {
        resolve({ error: `timeout after ${timeoutMs} ms` });
        stream.close(http2.constants.NGHTTP2_CANCEL);
      }, timeoutMs);
      stream.on('response', (h) => (responseHeaders = h));
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('error', (err: Error & { code?: string }) => {
        clearTimeout(timer);
        const refused = stream.rstCode === http2.constants.NGHTTP2_REFUSED_STREAM && !responseHeaders;
        if (refused && session === via) {
          // This connection is refusing work (draining): let its other streams finish, use a new one.
          session = undefined;
          via.close();
        }
        resolve({ error: `network error: ${err.code ?? err.name} ${err.message}`, refused });
      });
      stream.on('close', () => {
        clearTimeout(timer);
        if (!responseHeaders) return resolve({ error: `stream closed without a response (code ${stream.rstCode})` });
        resolve({ status: Number(responseHeaders[':status']), headers: responseHeaders, body: Buffer.concat(chunks).toString('utf8') });
      });
      stream.end(body);
    });
  }

  async function send(message: PushMessage, target: DeviceTarget): Promise<DeliveryResult> {
    const body = JSON.stringify(toApnsPayload(message));
    let used: Promise<string> | undefined;
    for (let attempt = 0; ; attempt++) {
      let jwt: string;
      try {
        used = providerToken(used);
        jwt = await used;
      } catch {
        return { kind: 'permanent', error: 'APNs key cannot sign ES256 (is APNS_KEY_FILE a P-256 .p8 key?)' };
      }
      const headers: http2.OutgoingHttpHeaders = {
        ':method': 'POST',
        ':path': `/3/device/${encodeURIComponent(target.token)}`,
        authorization: `bearer ${jwt}`,
        'apns-topic': options.topic!,
        'apns-push-type': 'alert',
        // Omitted urgency means an ordinary alert, which Apple sends at 10 by default too.
        'apns-priority': !message.urgency || message.urgency === 'high' ? '10' : '5',
        'content-type': 'application/json',
      };
      if (message.collapseId) headers['apns-collapse-id'] = truncateBytes(message.collapseId, 64);
      if (message.ttlSeconds !== undefined) {
        headers['apns-expiration'] = String(message.ttlSeconds === 0 ? 0 : Math.floor(now() / 1000) + message.ttlSeconds);
      }
      const raw = await exchange(headers, body);
      if ('error' in raw) return { kind: 'retryable', error: raw.error };

      const code = raw.status;
      const response = excerpt(raw.body);
      const reason = parseJson<{ reason: string }>(raw.body)?.reason;
      const apnsId = raw.headers['apns-id'];
      if (code === 200) return { kind: 'delivered', statusCode: code, response, providerMessageId: typeof apnsId === 'string' ? apnsId : undefined };
      const error = `APNs ${code}${reason ? ` ${reason}` : ''}`;
      // Apple expires tokens after an hour; if ours is refused as stale, sign a new one once.
      if (code === 403 && reason === 'ExpiredProviderToken' && attempt === 0) continue;
      if (code === 410 || reason === 'BadDeviceToken' || reason === 'Unregistered' || reason === 'DeviceTokenNotForTopic') {
        return { kind: 'dead-target', statusCode: code, response, error };
      }
      return httpFailure(code, error, response, raw.headers['retry-after'], now());
    }
  }

  return {
    name: 'apns',
    status: () => CONFIGURED,
    send,
    async check() {
      const s = connect();
      const connected = await new Promise<string | undefined>((resolve) => {
        if (s.connecting === false && !s.destroyed) return resolve(undefined);
        const timer = setTimeout(() => resolve(`timeout after ${timeoutMs} ms`), timeoutMs);
        s.once('connect', () => (clearTimeout(timer), resolve(undefined)));
        s.once('error', (err: Error) => (clearTimeout(timer), resolve(err.message)));
      });
      return connected ? { ok: false, detail: `cannot reach ${authority}: ${connected}` } : { ok: true, detail: `connected to ${authority}` };
    },
    async close() {
      const s = session;
      session = undefined;
      if (!s || s.destroyed) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => (s.destroy(), resolve()), 2000);
        s.close(() => (clearTimeout(timer), resolve()));
      });
    },
  };
}

/** `{aps, ...data}`; actions become an iOS category the app registers, and travel in data too. */
function toApnsPayload(message: PushMessage): Record<string, unknown> {
  const aps: Record<string, unknown> = { alert: { title: message.title, body: message.body }, sound: 'default' };
  const data = dataWithActions(message);
  if (message.actions?.length) aps.category = actionCategory(message.actions);
  // aps last so a data key named "aps" can never replace the alert.
  return { ...data, aps };
}

function loadKey(options: ApnsProviderOptions): { key: KeyObject } | { reason: string } {
  const missing = [
    !options.keyFile && !options.key && 'APNS_KEY_FILE',
    !options.keyId && 'APNS_KEY_ID',
    !options.teamId && 'APNS_TEAM_ID',
    !options.topic && 'APNS_TOPIC',
  ].filter(Boolean);
  if (missing.length) return { reason: `${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set` };
  let pem: string;
  try {
    pem = options.key ?? readFileSync(options.keyFile!, 'utf8');
  } catch (err) {
    return { reason: `APNS_KEY_FILE cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ec') return { reason: 'APNS_KEY_FILE is not an EC (P-256) key' };
    return { key };
  } catch {
    return { reason: 'APNS_KEY_FILE is not a valid .p8 (PKCS#8 PEM) key' };
  }
}

function truncateBytes(text: string, max: number): string {
  const buf = Buffer.from(text);
  return buf.length <= max
    ? text
    : buf
        .subarray(0, max)
        .toString('utf8')
        .replace(/\uFFFD+$/, '');
}
