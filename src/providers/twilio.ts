/**
 * SMS through Twilio's Messages API (POST /2010-04-01/Accounts/{sid}/Messages.json).
 *
 * Twilio answers a refused message with a JSON body carrying its own error code; the code, not
 * the HTTP status, says whether another attempt can help. An opted-out recipient (21610) or a
 * number that is not a valid mobile number will refuse every retry, so those are final; rate
 * limits (20429, HTTP 429) and Twilio's own outages (5xx) are retried, honouring Retry-After.
 */
import type { Dispatcher } from 'undici';
import {
  CONFIGURED,
  connectionPool,
  exchange,
  excerpt,
  httpFailure,
  parseJson,
  parseRetryAfter,
  redactResult,
  requireSettings,
  unconfiguredProvider,
  type DeliveryResult,
  type Failure,
  type HttpAnswer,
  type Provider,
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
  const settings = requireSettings({ TWILIO_ACCOUNT_SID: config.accountSid, TWILIO_AUTH_TOKEN: config.authToken, TWILIO_FROM: config.from });
  if ('reason' in settings) return unconfiguredProvider('twilio', settings.reason);
  const { TWILIO_ACCOUNT_SID: accountSid, TWILIO_AUTH_TOKEN: authToken, TWILIO_FROM: from } = settings.values;
  const base = config.apiBase.replace(/\/+$/, '');
  const accountPath = `${base}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}`;
  const authorization = `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`;
  const secrets = [authToken, `${accountSid}:${authToken}`];
  const pool = connectionPool(config.dispatcher);

  async function call(
    method: 'GET' | 'POST',
    url: string,
    form?: URLSearchParams,
  ): Promise<(HttpAnswer & { json: Partial<Record<string, unknown>> | undefined }) | { failure: Failure }> {
    const res = await exchange(url, {
      method,
      headers: {
        authorization,
        accept: 'application/json',
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form?.toString(),
      dispatcher: pool.dispatcher,
      timeoutMs: config.timeoutMs,
      label: 'Twilio API: ',
    });
    if ('failure' in res) return { failure: redactResult(res.failure, secrets) };
    return { ...res, json: parseJson<Record<string, unknown>>(res.text) };
  }

  return {
    name: 'twilio',
    status: () => CONFIGURED,

    async send(message: SmsMessage): Promise<DeliveryResult> {
      const form = new URLSearchParams({ To: message.to, Body: message.body });
      if (message.senderName !== undefined) {
        if (!SENDER_NAME.test(message.senderName)) {
          return { kind: 'permanent', error: 'sender name must be 1–11 letters, digits or spaces with at least one letter' };
        }
        form.set('From', message.senderName);
      } else if (/^MG[0-9a-f]{32}$/i.test(from)) {
        form.set('MessagingServiceSid', from);
      } else {
        form.set('From', from);
      }

      const res = await call('POST', `${accountPath}/Messages.json`, form);
      if ('failure' in res) return res.failure;
      const response = excerpt(res.text, secrets);
      if (res.statusCode >= 200 && res.statusCode < 300) {
        const sid = typeof res.json?.sid === 'string' ? res.json.sid : undefined;
        return { kind: 'delivered', statusCode: res.statusCode, response, providerMessageId: sid };
      }
      return redactResult(mapTwilioError(res.statusCode, res.json, res.headers['retry-after'], response), secrets);
    },

    async check() {
      const res = await call('GET', `${accountPath}.json`);
      if ('failure' in res) return { ok: false, detail: res.failure.error };
      if (res.statusCode === 200) {
        const state = typeof res.json?.status === 'string' ? res.json.status : 'unknown';
        return { ok: state === 'active', detail: `Twilio account ${accountSid} is ${state}` };
      }
      const failed = mapTwilioError(res.statusCode, res.json, undefined, undefined);
      return { ok: false, detail: `Twilio API: ${failed.error}` };
    },

    close: pool.close,
  };
}

function mapTwilioError(
  statusCode: number,
  json: Partial<Record<string, unknown>> | undefined,
  retryAfterHeader: string | string[] | undefined,
  response: string | undefined,
): Failure {
  const code = typeof json?.code === 'number' ? json.code : Number(json?.code) || undefined;
  const vendorMessage = typeof json?.message === 'string' ? json.message : undefined;
  const error = `Twilio ${code ?? `HTTP ${statusCode}`}${vendorMessage ? `: ${vendorMessage}` : ''}`;

  if (code !== undefined && INVALID_NUMBER_CODES.has(code)) return { kind: 'dead-target', statusCode, error, response };
  if (code !== undefined && FINAL_CODES.has(code)) return { kind: 'permanent', statusCode, error, response };
  // A rate limit is retryable whatever status carries it; otherwise 401 (20003 bad credentials),
  // 400 for a malformed request, 404 unknown account fail the same way until someone fixes the
  // configuration, and 5xx are Twilio's own outages.
  const failure = httpFailure(statusCode, error, response, retryAfterHeader);
  if (code !== RATE_LIMIT_CODE || failure.kind === 'retryable') return failure;
  const retryAfterMs = parseRetryAfter(retryAfterHeader);
  return { kind: 'retryable', statusCode, error, response, ...(retryAfterMs !== undefined && { retryAfterMs }) };
}
