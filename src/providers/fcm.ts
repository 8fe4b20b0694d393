import { isGuardRefusal } from '../security/url-guard.js';
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SignJWT } from 'jose';
import { Agent, request, type Dispatcher } from 'undici';
import {
  excerpt,
  isRetryableStatus,
  type DeliveryResult,
  type DeviceTarget,
  type Provider,
  type ProviderStatus,
  type PushMessage,
  describeNetworkError,
  retryableHttpFailure,
  actionCategory,
  dataWithActions,
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
type TokenOutcome = { token: string } | { failure: DeliveryResult };
interface FcmErrorBody {
  error?: { message?: string; status?: string; details?: { errorCode?: string; fieldViolations?: { field?: string }[] }[] };
}

/**
 * Firebase Cloud Messaging HTTP v1. Access tokens come from a JWT-bearer grant signed with the
 * service account's key, cached until shortly before they expire and shared by concurrent sends.
 */
export function createFcmProvider(options: FcmProviderOptions): Provider<PushMessage, DeviceTarget> {
  const endpoint = (options.endpoint ?? 'https://fcm.googleapis.com').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const loaded = loadAccount(options.serviceAccount);
  const status: ProviderStatus = 'reason' in loaded ? { configured: false, reason: loaded.reason } : { configured: true };
  const account = 'reason' in loaded ? undefined : loaded;
  const ownDispatcher = options.dispatcher ? undefined : new Agent({ keepAliveTimeout: 30_000 });
  const dispatcher = options.dispatcher ?? ownDispatcher!;
  let cached: { token: string; refreshAt: number } | undefined;
  let inflight: Promise<TokenOutcome> | undefined;

  function post(url: string, headers: Record<string, string>, body: string) {
    return request(url, { method: 'POST', headers, body, dispatcher, signal: AbortSignal.timeout(timeoutMs) });
  }

  async function mintToken(acc: Account): Promise<TokenOutcome> {
    const iat = Math.floor(now() / 1000);
    let assertion: string;
    try {
      assertion = await new SignJWT({ scope: SCOPE })
        .setProtectedHeader({ alg: 'RS256', typ: 'JWT', ...(acc.private_key_id ? { kid: acc.private_key_id } : {}) })
        .setIssuer(acc.client_email)
        .setAudience(acc.token_uri)
        .setIssuedAt(iat)
        .setExpirationTime(iat + 3600)
        .sign(acc.key);
    } catch {
      return { failure: { ok: false, error: 'FCM service account private_key cannot sign RS256 (not an RSA key?)' } };
    }
    const form = new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion });
    let statusCode: number;
    let json: { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    try {
      const res = await post(acc.token_uri, { 'content-type': 'application/x-www-form-urlencoded' }, form.toString());
      statusCode = res.statusCode;
      json = (await res.body.json().catch(() => ({}))) as typeof json;
    } catch (err) {
      return { failure: { ok: false, retryable: true, error: `FCM auth: ${describeNetworkError(err, timeoutMs)}` } };
    }
    if (statusCode !== 200 || !json.access_token) {
      // Only the OAuth error code and description: the body may otherwise carry token material.
      const why = [json.error, json.error_description].filter(Boolean).join(': ') || `token endpoint answered ${statusCode}`;
      return { failure: { ok: false, statusCode, retryable: isRetryableStatus(statusCode), error: `FCM auth failed: ${why}` } };
    }
    const lifetimeMs = (json.expires_in ?? 3600) * 1000;
    cached = { token: json.access_token, refreshAt: now() + lifetimeMs - Math.min(300_000, lifetimeMs / 2) };
    return { token: json.access_token };
  }

  function accessToken(acc: Account): Promise<TokenOutcome> {
    if (cached && now() < cached.refreshAt) return Promise.resolve({ token: cached.token });
    inflight ??= mintToken(acc).finally(() => (inflight = undefined));
    return inflight;
  }

  async function send(message: PushMessage, target: DeviceTarget): Promise<DeliveryResult> {
    if (!account) return { ok: false, error: (status as { reason: string }).reason };
    const url = `${endpoint}/v1/projects/${encodeURIComponent(account.project_id)}/messages:send`;
    const body = JSON.stringify({ message: toFcmMessage(message, target.token, now()) });
    for (let attempt = 0; ; attempt++) {
      const tok = await accessToken(account);
      if ('failure' in tok) return tok.failure;
      let res: Dispatcher.ResponseData;
      let text: string;
      try {
        res = await post(url, { 'content-type': 'application/json', authorization: `Bearer ${tok.token}` }, body);
        text = await res.body.text();
      } catch (err) {
        return { ok: false, retryable: !isGuardRefusal(err), error: describeNetworkError(err, timeoutMs) };
      }
      const code = res.statusCode;
      const response = excerpt(text);
      if (code === 200) {
        const name = (safeJson(text) as { name?: string } | undefined)?.name;
        return { ok: true, statusCode: code, response, providerMessageId: name };
      }
      const err = (safeJson(text) as FcmErrorBody | undefined)?.error;
      const errorCode = err?.details?.find((d) => d.errorCode)?.errorCode ?? err?.status ?? String(code);
      const error = `FCM ${errorCode}${err?.message ? `: ${err.message}` : ''}`;
      // A revoked or rotated access token: mint a fresh one and try once more. Not for
      // THIRD_PARTY_AUTH_ERROR (bad APNs/Web Push credentials in Firebase): a new token won't help.
      if (code === 401 && errorCode !== 'THIRD_PARTY_AUTH_ERROR' && attempt === 0) {
        if (cached?.token === tok.token) cached = undefined;
        continue;
      }
      const aboutToken =
        err?.details?.some((d) => d.fieldViolations?.some((v) => v.field === 'message.token')) ||
        /registration token/i.test(err?.message ?? '');
      if (code === 404 || errorCode === 'UNREGISTERED' || errorCode === 'SENDER_ID_MISMATCH' || (code === 400 && aboutToken)) {
        return { ok: false, statusCode: code, response, dropTarget: true, error };
      }
      if (isRetryableStatus(code)) return retryableHttpFailure(code, response, res.headers['retry-after'], error, now());
      return { ok: false, statusCode: code, response, error };
    }
  }

  return {
    name: 'fcm',
    status: () => status,
    send,
    async check() {
      if (!account) return { ok: false, detail: (status as { reason: string }).reason };
      cached = undefined;
      const tok = await accessToken(account);
      if ('failure' in tok) return { ok: false, detail: tok.failure.error ?? 'FCM auth failed' };
      return { ok: true, detail: `access token minted for project ${account.project_id}` };
    },
    async close() {
      await ownDispatcher?.close();
    },
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

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

