/**
 * SMS through Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json).
 *
 * Twilio answers a refused message with a JSON body carrying its own error code; the code, not
 * the HTTP status, says whether another attempt can help. An opted-out recipient (21610) or a
 * number that is not a valid mobile number will refuse every retry, so those are final; rate
 * limits (20429, HTTP 429) and Twilio's own outages (5xx) are retried, honouring Retry-After.
 */
import { isGuardRefusal } from '../security/url-guard.js';
import { request, type Dispatcher } from 'undici';
import {
  excerpt,
  redactResult,
  isRetryableStatus,
  parseRetryAfter,
  type DeliveryResult,
  type Provider,
  type ProviderStatus,
  type SmsMessage,
} from './provider.js';

export interface TwilioProviderConfig {
  accountSid?: string | null | undefined;
  authToken?: string | null | undefined;
  /** E.164 number (+15551234567) or a Messaging Service SID (MG…). */
  from?: string | null | undefined;
  /** https://api.twilio.com; tests point it at the fake. */
  apiBase: string;
  /** Whole-request timeout: a stalled API must not hold a worker. */
  timeoutMs: number;
  dispatcher?: Dispatcher | undefined;
}

/** The number itself is wrong: no attempt will ever reach it, so the target is dropped. */
const INVALID_NUMBER_CODES = new Set([
  21211, // invalid 'To' phone number
  21214, // 'To' phone number cannot be reached
  21217, // phone number does not appear to be valid
  21401, // invalid phone number
  21407, // this phone number type does not support SMS
  21614, // 'To' number is not a valid mobile number
]);

/** Final for this message, but the number stays: the recipient can undo it (START after STOP). */
const FINAL_CODES = new Set([
  21610, // recipient unsubscribed (replied STOP)
  21408, // permission to send to this region is not enabled
  21612, // cannot route to this number from this sender
]);

const RATE_LIMIT_CODE = 20429;

/** Twilio's rule for alphanumeric sender ids: 1–11 of A–Z, 0–9, space, with at least one letter. */
const SENDER_NAME = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/** Builds the Twilio SMS provider. Missing credentials make it unconfigured, never a crash. */
export function createTwilioProvider(config: TwilioProviderConfig): Provider<SmsMessage, void> {
  const accountSid = config.accountSid?.trim() ?? '';
  const authToken = config.authToken?.trim() ?? '';
  const from = config.from?.trim() ?? '';
  const status: ProviderStatus = !accountSid
    ? { configured: false, reason: 'TWILIO_ACCOUNT_SID is not set' }
    : !authToken
      ? { configured: false, reason: 'TWILIO_AUTH_TOKEN is not set' }
      : !from
        ? { configured: false, reason: 'TWILIO_FROM is not set' }
        : { configured: true };

  const base = config.apiBase.replace(/\/+$/, '');
  const accountPath = `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;

  async function call(method: 'GET' | 'POST', url: string, form?: URLSearchParams) {
    const res = await request(url, {
      method,
      headers: {
        authorization,
        accept: 'application/json',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form?.toString(),
      dispatcher: config.dispatcher,
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
      signal: AbortSignal.timeout(config.timeoutMs),
    });
    const text = await res.body.text();
    return { statusCode: res.statusCode, headers: res.headers, text, json: parseJson(text) };
  }

  return {
    name: 'twilio',
    status: () => status,

    async send(message: SmsMessage): Promise<DeliveryResult> {
      if (!status.configured) return { ok: false, error: status.reason, retryable: false };
      const form = new URLSearchParams({ To: message.to, Body: message.body });
      if (message.senderName !== undefined) {
        if (!SENDER_NAME.test(message.senderName)) {
          return {
            ok: false,
            retryable: false,
            error: 'sender name must be 1–11 letters, digits or spaces with at least one letter',
          };
        }
        form.set('From', message.senderName);
      } else if (/^MG[0-9a-f]{32}$/i.test(from)) {
        form.set('MessagingServiceSid', from);
      } else {
        form.set('From', from);
      }

      let res: Awaited<ReturnType<typeof call>>;
      try {
        res = await call('POST', `${accountPath}/Messages.json`, form);
      } catch (err) {
        return { ok: false, retryable: !isGuardRefusal(err), error: networkError(err, config.timeoutMs) };
      }
      const response = excerpt(res.text, [authToken, accountSid ? `${accountSid}:${authToken}` : undefined]);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const sid = typeof res.json?.sid === 'string' ? res.json.sid : undefined;
        return { ok: true, statusCode: res.statusCode, response, providerMessageId: sid };
      }
      return redactResult(mapTwilioError(res.statusCode, res.json, res.headers['retry-after'], response), [authToken]);
    },

    async check() {
      if (!status.configured) return { ok: false, detail: status.reason };
      try {
        const res = await call('GET', `${accountPath}.json`);
        if (res.statusCode === 200) {
          const state = typeof res.json?.status === 'string' ? res.json.status : 'unknown';
          return { ok: state === 'active', detail: `Twilio account ${accountSid} is ${state}` };
        }
        const failed = mapTwilioError(res.statusCode, res.json, undefined, undefined);
        return { ok: false, detail: `Twilio API: ${failed.error ?? `HTTP ${res.statusCode}`}` };
      } catch (err) {
        return { ok: false, detail: networkError(err, config.timeoutMs) };
      }
    },

    async close() {
      // The dispatcher belongs to the caller (or is undici's global one): nothing to close here.
    },
  };
}

function mapTwilioError(
  statusCode: number,
  json: Record<string, unknown> | undefined,
  retryAfterHeader: string | string[] | undefined,
  response: string | undefined,
): DeliveryResult {
  const code = typeof json?.code === 'number' ? json.code : Number(json?.code) || undefined;
  const vendorMessage = typeof json?.message === 'string' ? json.message : undefined;
  const error = `Twilio ${code ?? `HTTP ${statusCode}`}${vendorMessage ? `: ${vendorMessage}` : ''}`;
  const result: DeliveryResult = { ok: false, statusCode, error, response };

  if (code !== undefined && INVALID_NUMBER_CODES.has(code)) return { ...result, retryable: false, dropTarget: true };
  if (code !== undefined && FINAL_CODES.has(code)) return { ...result, retryable: false };
  if (code === RATE_LIMIT_CODE || isRetryableStatus(statusCode)) {
    const retryAfterMs = parseRetryAfter(retryAfterHeader);
    return { ...result, retryable: true, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  }
  // 401 (20003 bad credentials), 400 for a malformed request, 404 unknown account: the same
  // request fails the same way until someone fixes the configuration.
  return { ...result, retryable: false };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Names the failure without echoing request options (which carry the Authorization header). */
function networkError(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === 'TimeoutError' || e?.code === 'UND_ERR_HEADERS_TIMEOUT' || e?.code === 'UND_ERR_BODY_TIMEOUT') {
    return `Twilio API timed out after ${timeoutMs} ms`;
  }
  const cause = (err as { cause?: { code?: string } })?.cause?.code;
  return `Twilio API unreachable: ${e?.code ?? cause ?? e?.name ?? 'network error'}${e?.message ? ` (${e.message})` : ''}`;
}
