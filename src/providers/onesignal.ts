import { createHash } from 'node:crypto';
import type { Dispatcher } from 'undici';
import {
  CONFIGURED,
  connectionPool,
  dataWithActions,
  exchange,
  excerpt,
  httpFailure,
  parseJson,
  requireSettings,
  unconfiguredProvider,
  type DeliveryResult,
  type DeviceTarget,
  type Provider,
  type PushMessage,
} from './provider.js';

export interface OneSignalProviderOptions {
  /** ONESIGNAL_APP_ID */
  appId: string | undefined;
  /** ONESIGNAL_API_KEY (an app REST API key, sent as `Authorization: Key …`). */
  apiKey: string | undefined;
  /** ONESIGNAL_API_BASE (https://api.onesignal.com). */
  apiBase?: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  now?: () => number;
}

/** Token prefix for a OneSignal subscription id; any other token is the user's external_id. */
export const ONESIGNAL_SUBSCRIPTION_PREFIX = 'subscription:';

interface InvalidRecipients {
  invalid_aliases?: { external_id?: string[] };
  invalid_player_ids?: string[];
}

interface OneSignalAnswer {
  id?: string;
  /** A list of sentences, or an object naming the recipients it could not reach. */
  errors?: string[] | InvalidRecipients;
}

/**
 * OneSignal Create Notification. `target.token` is the external_id the app logged the user in
 * with (OneSignal.login), or `subscription:<id>` for one subscription. OneSignal answers 200 even
 * when nobody was reached, so the body's `id` and `errors` decide the outcome, not the status.
 */
export function createOneSignalProvider(options: OneSignalProviderOptions): Provider<PushMessage, DeviceTarget> {
  const settings = requireSettings({ ONESIGNAL_APP_ID: options.appId, ONESIGNAL_API_KEY: options.apiKey });
  if ('reason' in settings) return unconfiguredProvider('onesignal', settings.reason);
  const { ONESIGNAL_APP_ID: appId, ONESIGNAL_API_KEY: apiKey } = settings.values;
  const base = (options.apiBase ?? 'https://api.onesignal.com').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const pool = connectionPool(options.dispatcher);

  async function send(message: PushMessage, target: DeviceTarget): Promise<DeliveryResult> {
    const subscriptionId = target.token.startsWith(ONESIGNAL_SUBSCRIPTION_PREFIX) ? target.token.slice(ONESIGNAL_SUBSCRIPTION_PREFIX.length) : undefined;
    const body: Record<string, unknown> = {
      app_id: appId,
      target_channel: 'push',
      ...(subscriptionId ? { include_subscription_ids: [subscriptionId] } : { include_aliases: { external_id: [target.token] } }),
      ...toOneSignalContent(message),
      // Same notification to the same device → same key, so a retry after a lost answer is not a duplicate.
      idempotency_key: uuidFrom(`${message.notificationId}\n${target.token}`),
    };

    const res = await exchange(`${base}/notifications`, {
      headers: { 'content-type': 'application/json', authorization: `Key ${apiKey}` },
      body: JSON.stringify(body),
      dispatcher: pool.dispatcher,
      timeoutMs,
    });
    if ('failure' in res) return res.failure;
    const code = res.statusCode;
    const response = excerpt(res.text);
    // Not JSON (a proxy page): decided by status alone below.
    const json = parseJson<OneSignalAnswer>(res.text) ?? {};
    const errors = json.errors;
    const errorText = Array.isArray(errors) ? errors.join('; ') : errors ? JSON.stringify(errors) : '';

    if (code >= 200 && code < 300) {
      const obj = errors && !Array.isArray(errors) ? errors : undefined;
      if (subscriptionId && obj?.invalid_player_ids?.includes(subscriptionId)) {
        return { kind: 'dead-target', statusCode: code, response, error: 'OneSignal: subscription is unsubscribed or deleted' };
      }
      if (!subscriptionId && obj?.invalid_aliases?.external_id?.includes(target.token)) {
        // The user may subscribe later (OneSignal.login on a new device), so the target stays.
        return { kind: 'permanent', statusCode: code, response, error: 'OneSignal: no subscribed device for this external_id' };
      }
      if (!json.id) {
        const error = `OneSignal sent nothing${errorText ? `: ${errorText}` : ''}`;
        const unsubscribed = subscriptionId && /not subscribed/i.test(errorText);
        return { kind: unsubscribed ? 'dead-target' : 'permanent', statusCode: code, response, error };
      }
      return { kind: 'delivered', statusCode: code, response, providerMessageId: json.id };
    }
    return httpFailure(code, `OneSignal ${code}${errorText ? `: ${errorText}` : ''}`, response, res.headers['retry-after'], now());
  }

  return { name: 'onesignal', status: () => CONFIGURED, send, close: pool.close };
}

/** Our texts are already localized, but OneSignal requires the `en` key to be present. */
function toOneSignalContent(message: PushMessage): Record<string, unknown> {
  const data = dataWithActions(message);
  const out: Record<string, unknown> = { headings: { en: message.title }, contents: { en: message.body }, data };
  if (message.url) out.url = message.url;
  if (message.collapseId) out.collapse_id = message.collapseId.slice(0, 64);
  if (message.ttlSeconds !== undefined) out.ttl = message.ttlSeconds;
  if (message.urgency) out.priority = message.urgency === 'high' ? 10 : 5;
  if (message.actions?.length) out.buttons = message.actions.map((a) => ({ id: a.id, text: a.title }));
  return out;
}

/** A stable UUID-shaped key (OneSignal wants a UUID) derived from a string. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest();
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}
