import type { KeyValueStorage } from '../../sdk/src/index.js';
import type { TestHerald } from '../helpers/herald.js';

/** A customer token minted the way an app's backend would: with the server key. */
export async function customerToken(h: TestHerald, customerId: string): Promise<string> {
  const res = await h.api('POST', `/api/customers/${customerId}/token`, {});
  if (res.status !== 200) throw new Error(`minting a token answered ${res.status}: ${JSON.stringify(res.body)}`);
  return res.body.token;
}

/** What the server says this customer has registered (GET /api/devices with their token). */
export async function serverDevices(h: TestHerald, token: string): Promise<Array<{ platform: string; provider: string; token: string }>> {
  const res = await h.api('GET', '/api/devices', undefined, { authorization: `Bearer ${token}` });
  if (res.status !== 200) throw new Error(`GET /api/devices answered ${res.status}: ${JSON.stringify(res.body)}`);
  return Array.isArray(res.body) ? res.body : res.body.items;
}

export async function newAgent(h: TestHerald, name: string): Promise<string> {
  const res = await h.api('POST', '/api/agents', { name });
  if (res.status !== 201) throw new Error(`creating an agent answered ${res.status}`);
  return res.body.id;
}

/** localStorage's interface over a Map: the same storage surviving two "runs" of an app. */
export function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

/** A browser-shaped Web Push subscription (the server checks endpoint + keys). */
export function webPushSubscription(n: number) {
  return {
    endpoint: `https://push.example.test/send/${n}`,
    expirationTime: null,
    keys: { p256dh: `BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM${n}`, auth: `tBHItJI5svbpez7KI4CCXg${n}` },
  };
}
