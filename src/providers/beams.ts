import type { Dispatcher } from 'undici';
import {
  actionCategory,
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

export interface BeamsProviderOptions {
  /** BEAMS_INSTANCE_ID */
  instanceId: string | undefined;
  /** BEAMS_SECRET_KEY */
  secretKey: string | undefined;
  /** BEAMS_API_BASE (https://<instanceId>.pushnotifications.pusher.com). */
  apiBase?: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  now?: () => number;
}

/** A target token starting with this publishes to an interest instead of one Beams user id. */
export const BEAMS_INTEREST_PREFIX = 'interest:';

/**
 * Pusher Beams Publish API. `target.token` is the Beams user id the app authenticated as
 * (publishes/users), or `interest:<name>` for publishes/interests. Beams fans out to the user's
 * own devices and reports no per-device failures, so nothing here ever drops a target.
 */
export function createBeamsProvider(options: BeamsProviderOptions): Provider<PushMessage, DeviceTarget> {
  const settings = requireSettings({ BEAMS_INSTANCE_ID: options.instanceId, BEAMS_SECRET_KEY: options.secretKey });
  if ('reason' in settings) return unconfiguredProvider('beams', settings.reason);
  const { BEAMS_INSTANCE_ID: instanceId, BEAMS_SECRET_KEY: secretKey } = settings.values;
  const base = (options.apiBase ?? `https://${instanceId}.pushnotifications.pusher.com`).replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const pool = connectionPool(options.dispatcher);

  async function send(message: PushMessage, target: DeviceTarget): Promise<DeliveryResult> {
    const interest = target.token.startsWith(BEAMS_INTEREST_PREFIX) ? target.token.slice(BEAMS_INTEREST_PREFIX.length) : undefined;
    const kind = interest === undefined ? 'users' : 'interests';
    const body = { [kind]: [interest ?? target.token], ...toBeamsPayload(message) };
    const url = `${base}/publish_api/v1/instances/${encodeURIComponent(instanceId)}/publishes/${kind}`;

    const res = await exchange(url, {
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secretKey}` },
      body: JSON.stringify(body),
      dispatcher: pool.dispatcher,
      timeoutMs,
    });
    if ('failure' in res) return res.failure;
    const code = res.statusCode;
    const response = excerpt(res.text);
    const json = parseJson<{ publishId: string; error: string; description: string }>(res.text);
    if (code >= 200 && code < 300) return { kind: 'delivered', statusCode: code, response, providerMessageId: json?.publishId };
    const error = `Beams ${code}: ${[json?.error, json?.description].filter(Boolean).join(' — ') || 'error'}`;
    // 400/413 are our payload, 401/404 our credentials or instance: retrying cannot help.
    return httpFailure(code, error, response, res.headers['retry-after'], now());
  }

  return { name: 'beams', status: () => CONFIGURED, send, close: pool.close };
}

/** Beams takes each platform's own payload: APNs `{aps, …custom}`, FCM `{notification, data}`, web. */
function toBeamsPayload(message: PushMessage): Record<string, unknown> {
  const data = dataWithActions(message);
  const alert = { title: message.title, body: message.body };
  const aps: Record<string, unknown> = { alert, sound: 'default' };
  if (message.actions?.length) aps.category = actionCategory(message.actions);
  const web: Record<string, unknown> = { notification: { ...alert, ...(message.url?.startsWith('https://') ? { deep_link: message.url } : {}) }, data };
  return { apns: { ...data, aps }, fcm: { notification: alert, data }, web };
}
