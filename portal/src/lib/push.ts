import { api, get } from './api';

/**
 * Browser notifications for operators: permission, service worker, Web Push subscription, and
 * registering that subscription with Herald so it can push "You have new session assigned." etc.
 */
export type PushState = 'unsupported' | 'default' | 'denied' | 'enabled';

const SW_URL = '/sw.js';

export function supported(): boolean {
  return 'Notification' in window && 'serviceWorker' in navigator && 'PushManager' in window;
}

/** What the header button shows: enabled only when permission is granted and a subscription exists. */
export async function readPushState(): Promise<PushState> {
  if (!supported()) return 'unsupported';
  if (Notification.permission === 'denied') return 'denied';
  if (Notification.permission === 'default') return 'default';
  const reg = await navigator.serviceWorker.getRegistration(SW_URL);
  const sub = await reg?.pushManager.getSubscription();
  return sub ? 'enabled' : 'default';
}

/** Asks permission (if needed), subscribes with the server's VAPID key and registers the device. */
export async function enablePush(): Promise<PushState> {
  if (!supported()) return 'unsupported';
  const permission = Notification.permission === 'granted' ? 'granted' : await Notification.requestPermission();
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'default';
  const reg = await navigator.serviceWorker.register(SW_URL, { scope: '/' });
  await navigator.serviceWorker.ready;
  const { publicKey } = await get<{ publicKey: string }>('/api/push/vapid');
  const key = base64UrlToBytes(publicKey);
  let sub = await reg.pushManager.getSubscription();
  // A subscription made for another VAPID key (server re-keyed) would be refused by the push service.
  if (sub && !sameKey(sub.options?.applicationServerKey ?? null, key)) {
    await sub.unsubscribe().catch(() => undefined);
    sub = null;
  }
  sub ??= await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
  await registerSubscription(sub);
  return 'enabled';
}

/**
 * Re-registers an existing subscription after sign-in: the device may have belonged to another
 * operator, and the server moves a token to whoever registered it last.
 */
export async function refreshRegistration(): Promise<void> {
  if (!supported() || Notification.permission !== 'granted') return;
  const reg = await navigator.serviceWorker.getRegistration(SW_URL);
  const sub = await reg?.pushManager.getSubscription();
  if (sub) await registerSubscription(sub);
}

async function registerSubscription(sub: PushSubscription): Promise<void> {
  await api('POST', '/api/devices/register', { platform: 'web', provider: 'webpush', token: JSON.stringify(sub) });
}

function base64UrlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const b64 = s
    .replace(/-/g, '+')
    .replace(/_/g, '/')
    .padEnd(Math.ceil(s.length / 4) * 4, '=');
  const bin = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  // Unknown key (some browsers do not expose it): keep the subscription rather than churn it.
  if (!a) return true;
  const x = new Uint8Array(a);
  return x.length === b.length && x.every((v, i) => v === b[i]);
}
