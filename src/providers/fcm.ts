import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import type { Dispatcher } from 'undici';
import {
  actionCategory,
  CONFIGURED,
  connectionPool,
  dataWithActions,
  exchange,
  excerpt,
  httpFailure,
  isRetryableStatus,
  parseJson,
  unconfiguredProvider,
  type DeliveryResult,
  type DeviceTarget,
  type Permanent,
  type Provider,
  type PushMessage,
  type Retryable,
} from './provider.js';

/** The fields of a Google service-account key file that FCM needs. */
export interface FcmServiceAccount {
  project_id: string;
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

export interface FcmProviderOptions {
  /** FCM_SERVICE_ACCOUNT: path to the key file, or its parsed JSON (portal settings). */
  serviceAccount: string | FcmServiceAccount | undefined;
  /** FCM_ENDPOINT (https://fcm.googleapis.com). */
  endpoint?: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  now?: () => number;
}

const SCOPE = 'https://www.googleapis.com/auth/firebase.messaging';
const GOOGLE_TOKEN_URI = 'https://oauth2.googleapis.com/token';

interface Account {
  project_id: string;
  client_email: string;
  token_uri: string;
  private_key_id: string | undefined;
  key: KeyObject;
}
type TokenOutcome = { token: string } | { failure: Retryable | Permanent };
interface FcmErrorBody {
  error?: { message?: string; status?: string; details?: { errorCode?: string; fieldViolations?: { field?: string }[] }[] };
}

/**
 * Firebase Cloud Messaging HTTP v1. Access tokens come from a JWT-bearer grant signed with the
 * service account's key, cached until shortly before they expire and shared by concurrent sends.
 */
export function createFcmProvider(options: FcmProviderOptions): Provider<PushMessage, DeviceTarget> {
  const loaded = loadAccount(options.serviceAccount);
  if ('reason' in loaded) return unconfiguredProvider('fcm', loaded.reason);
  const account = loaded;
  const endpoint = (options.endpoint ?? 'https://fcm.googleapis.com').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const pool = connectionPool(options.dispatcher);
  const url = `${endpoint}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<TokenOutcome> | undefined;

  async function mintToken(): Promise<TokenOutcome> {
    const iat = Math.floor(now() / 1000);
    let assertion: string;
    try {
      assertion = await new SignJWT({ scope: SCOPE })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(account.private_key_id ? { kid: account.private_key_id } : {}) })
        .setIssuer(account.client_email)
        .setAudience(account.token_uri)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 3600)
        .sign(account.key);
    } catch {
      return { failure: { kind: 'permanent', error: 'FCM service account private_key cannot sign RS256 (not an RSA key?)' } };
    }
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    const res = await exchange(account.token_uri, {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form.toString(),
      dispatcher: pool.dispatcher,
      timeoutMs,
      label: 'FCM auth: ',
    });
    if ('failure' in res) return res;
    const json = parseJson<{ access_token: string; expires_in: number; error: string; error_description: string }>(res.text) ?? {};
    if (res.statusCode !== 200 || !json.access_token) {
      // Only the OAuth error code and description: the body may otherwise carry token material.
      const why = [json.error, json.error_description].filter(Boolean).join(': ') || `token endpoint answered ${res.statusCode}`;
      const error = `FCM auth failed: ${why}`;
      return {
        failure: isRetryableStatus(res.statusCode)
          ? { kind: 'retryable', statusCode: res.statusCode, error }
          : { kind: 'permanent', statusCode: res.statusCode, error },
      };
    }
    const lifetimeMs = (json.expires_in ?? 3600) * 1000;
    cached = { token: json.access_token, refreshAt: now() + lifetimeMs - Math.min(300_000, lifetimeMs / 2) };
    return { token: json.access_token };
  }

  function accessToken(): Promise<TokenOutcome> {
    if (cached && now() < cached.refreshAt) return Promise.resolve({ token: cached.token });
    inflight ??= mintToken().finally(() => (inflight = undefined));
    return inflight;
  }

  async function send(message: PushMessage, target: DeviceTarget): Promise<DeliveryResult> {
    const body = JSON.stringify({ message: toFcmMessage(message, target.token, now()) });
    for (let attempt = 0; ; attempt++) {
      const tok = await accessToken();
      if ('failure' in tok) return tok.failure;
      const res = await exchange(url, {
        headers: { 'content-type': 'application/json', authorization: `Bearer ${tok.token}` },
        body,
        dispatcher: pool.dispatcher,
        timeoutMs,
      });
      if ('failure' in res) return res.failure;
      const code = res.statusCode;
      const response = excerpt(res.text);
      if (code === 200) return { kind: 'delivered', statusCode: code, response, providerMessageId: parseJson<{ name: string }>(res.text)?.name };
      const err = parseJson<FcmErrorBody>(res.text)?.error;
      const errorCode = err?.details?.find((d) => d.errorCode)?.errorCode ?? err?.status ?? String(code);
      const error = `FCM ${errorCode}${err?.message ? `: ${err.message}` : ''}`;
      // A revoked or rotated access token: mint a fresh one and try once more. Not for
      // THIRD_PARTY_AUTH_ERROR (bad APNs/Web Push credentials in Firebase): a new token won't help.
      if (code === 401 && errorCode !== 'THIRD_PARTY_AUTH_ERROR' && attempt === 0) {
        if (cached?.token === tok.token) cached = undefined;
        continue;
      }
      const aboutToken =
        err?.details?.some((d) => d.fieldViolations?.some((v) => v.field === 'message.token')) || /registration token/i.test(err?.message ?? '');
      if (code === 404 || errorCode === 'UNREGISTERED' || errorCode === 'SENDER_ID_MISMATCH' || (code === 400 && aboutToken)) {
        return { kind: 'dead-target', statusCode: code, response, error };
      }
      return httpFailure(code, error, response, res.headers['retry-after'], now());
    }
  }

  return {
    name: 'fcm',
    status: () => CONFIGURED,
    send,
    async check() {
      cached = undefined;
      const tok = await accessToken();
      if ('failure' in tok) return { ok: false, detail: tok.failure.error };
      return { ok: true, detail: `access token minted for project ${account.project_id}` };
    },
    close: pool.close,
  };
}

/** CONTRACT §6 payload: notification {title, body} + string data; actions travel as JSON in data. */
function toFcmMessage(message: PushMessage, token: string, nowMs: number): Record<string, unknown> {
  const data = dataWithActions(message);
  const out: Record<string, unknown> = { token, notification: { title: message.title, body: message.body }, data };

  const android: Record<string, unknown> = {};
  if (message.collapseId) android.collapse_key = message.collapseId;
  if (message.ttlSeconds !== undefined) android.ttl = `${message.ttlSeconds}s`;
  if (message.urgency) android.priority = message.urgency === 'high' ? 'HIGH' : 'NORMAL';
  if (Object.keys(android).length) out.android = android;

  const apnsHeaders: Record<string, string> = {};
  if (message.collapseId) apnsHeaders['apns-collapse-id'] = message.collapseId.slice(0, 64);
  if (message.urgency) apnsHeaders['apns-priority'] = message.urgency === 'high' ? '10' : '5';
  if (message.ttlSeconds !== undefined) apnsHeaders['apns-expiration'] = String(Math.floor(nowMs / 1000) + message.ttlSeconds);
  const apns: Record<string, unknown> = {};
  if (Object.keys(apnsHeaders).length) apns.headers = apnsHeaders;
  if (message.actions?.length) apns.payload = { aps: { category: actionCategory(message.actions) } };
  if (Object.keys(apns).length) out.apns = apns;

  const webpush: Record<string, unknown> = {};
  const wpHeaders: Record<string, string> = {};
  if (message.ttlSeconds !== undefined) wpHeaders.TTL = String(message.ttlSeconds);
  if (message.urgency) wpHeaders.Urgency = message.urgency;
  if (Object.keys(wpHeaders).length) webpush.headers = wpHeaders;
  // FCM only accepts https links here.
  if (message.url?.startsWith('https://')) webpush.fcm_options = { link: message.url };
  if (Object.keys(webpush).length) out.webpush = webpush;
  return out;
}

function loadAccount(source: FcmProviderOptions['serviceAccount']): Account | { reason: string } {
  if (!source) return { reason: 'FCM_SERVICE_ACCOUNT is not set' };
  let raw: Partial<FcmServiceAccount>;
  try {
    raw = typeof source === 'string' ? (JSON.parse(readFileSync(source, 'utf8')) as Partial<FcmServiceAccount>) : source;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return { reason: `FCM_SERVICE_ACCOUNT cannot be read as JSON${code ? ` (${code})` : ''}` };
  }
  const missing = (['project_id', 'client_email', 'private_key'] as const).filter((k) => typeof raw[k] !== 'string' || !raw[k]);
  if (missing.length) return { reason: `FCM service account lacks ${missing.join(', ')}` };
  let key: KeyObject;
  try {
    key = createPrivateKey(raw.private_key!);
  } catch {
    return { reason: 'FCM service account private_key is not a valid PEM key' };
  }
  return {
    project_id: raw.project_id!,
    client_email: raw.client_email!,
    private_key_id: raw.private_key_id,
    token_uri: raw.token_uri || GOOGLE_TOKEN_URI,
    key,
  };
}
