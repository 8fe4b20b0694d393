/**
 * Provider credentials per workspace (issue 15, CONTRACT §14): each business's own Firebase
 * project, stored through its own key, carries only its own customers' notifications; the
 * environment's FCM belongs to workspace `default`, and reaches another workspace only with
 * HERALD_SHARE_ENV_PROVIDERS=true. Real FCM fakes (OAuth token endpoint + HTTP v1) on loopback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FcmFake } from '../fakes/fcm-fake.js';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type Sink, startSink } from '../helpers/sink.js';

type Headers = Record<string, string>;
interface Field {
  key: string;
  value: string | null;
  fromEnv: boolean;
}
interface Delivery {
  channel: string;
  status: string;
  reason: string | null;
  destination: string;
}

/** A fake Firebase project of its own: its key pair, its client email, its project id. */
const project = (id: string) => new FcmFake({ projectId: id, clientEmail: `push@${id}.iam.gserviceaccount.com` });
const fcmValues = (fake: FcmFake, id: string) => ({ values: { serviceAccount: JSON.stringify(fake.serviceAccount(id)), endpoint: fake.url } });

/** The instance admin makes a workspace; its first server key acts in it. */
async function newWorkspace(h: TestHerald, name: string): Promise<{ id: string; key: Headers }> {
  const login = await fetch(`${h.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const made = await h.api('POST', '/api/workspaces', { name }, { authorization: '', cookie });
  expect(made.status).toBe(201);
  return { id: made.body.id as string, key: { authorization: `Bearer ${made.body.apiKey}` } };
}

/** A workspace's agent (webhook to its own sink), a customer with an Android device and a session. */
async function shop(h: TestHerald, key: Headers, sink: Sink | undefined, customer: string) {
  const agent = (await h.api('POST', '/api/agents', { name: `bot for ${customer}` }, key)).body.id as string;
  if (sink) {
    const config = { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] };
    expect((await h.api('PUT', `/api/agents/${agent}/push-config`, config, key)).status).toBe(200);
  }
  const session = (await h.api('POST', '/api/sessions', { agentId: agent, channel: 'mobile', customerId: customer }, key)).body.id as string;
  const token = { authorization: `Bearer ${(await h.api('POST', `/api/customers/${customer}/token`, {}, key)).body.token}` };
  expect((await h.api('POST', '/api/devices/register', { platform: 'mobile', token: `fcm-${customer}` }, token)).status).toBe(201);
  return { agent, session, token };
}

/** The agent answers; the customer is offline, so their phone is notified. */
const reply = async (h: TestHerald, key: Headers, session: string, text: string) =>
  expect((await h.api('POST', `/api/sessions/${session}/messages`, { text }, key)).status).toBe(201);

const fcmDeliveries = async (h: TestHerald, key: Headers, session: string) =>
  ((await h.api('GET', `/api/deliveries?sessionId=${session}`, undefined, key)).body.items as Delivery[]).filter((d) => d.channel === 'fcm');

const fcmFields = async (h: TestHerald, key: Headers) =>
  ((await h.api('GET', '/api/settings/providers', undefined, key)).body.items as Array<{ name: string; configured: boolean; fields: Field[] }>).find(
    (p) => p.name === 'fcm',
  )!;

const tokensAt = (fake: FcmFake) => fake.received.map((r) => r.message.token);

for (const backend of backends()) {
  describe(`provider credentials per workspace on ${backend}`, () => {
    const envFcm = project('env-project');
    const fcmA = project('shop-a');
    const fcmB = project('shop-b');
    const fcmC = project('shop-c');
    let sinkA: Sink;
    let sinkB: Sink;
    let env: Record<string, string>;
    const heralds: TestHerald[] = [];

    beforeAll(async () => {
      await Promise.all([envFcm.start(), fcmA.start(), fcmB.start(), fcmC.start()]);
      [sinkA, sinkB] = await Promise.all([startSink(), startSink()]);
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-wsprov-'));
      env = {
        FCM_SERVICE_ACCOUNT: await envFcm.writeServiceAccount(dir, 'env-project'),
        FCM_ENDPOINT: envFcm.url,
        // Never connected to here: the relay only has to be configured for default.
        SMTP_URL: 'smtp://127.0.0.1:9',
        SMTP_FROM: 'support@example.test',
      };
    });
    afterAll(async () => {
      for (const h of heralds) await h.close();
      await Promise.all([envFcm.close(), fcmA.close(), fcmB.close(), fcmC.close(), sinkA?.close(), sinkB?.close()]);
    });

    it("sends each workspace's notifications through its own Firebase project and agent endpoint only; the environment's FCM is default's", async () => {
      const h = await startHerald({ backend, env });
      heralds.push(h);
      const A = await newWorkspace(h, 'Shop A');
      const B = await newWorkspace(h, 'Shop B');
      const C = await newWorkspace(h, 'Shop C (nothing configured)');

      // Each workspace's admin key stores its own service account and endpoint (FCM_ENDPOINT in
      // the environment binds default only, so this is no conflict).
      for (const [ws, fake, id] of [
        [A, fcmA, 'shop-a'],
        [B, fcmB, 'shop-b'],
      ] as const) {
        const res = await h.api('PUT', '/api/settings/providers/fcm', fcmValues(fake, id), ws.key);
        expect(res.status).toBe(200);
        expect(res.body, JSON.stringify(res.body)).toMatchObject({ name: 'fcm', configured: true });
      }

      const a = await shop(h, A.key, sinkA, 'alice');
      const b = await shop(h, B.key, sinkB, 'bob');
      const c = await shop(h, C.key, undefined, 'carol');
      const d = await shop(h, {}, undefined, 'dave');

      // A customer message reaches its own workspace's agent endpoint only.
      expect((await h.api('POST', `/api/sessions/${a.session}/messages`, { text: 'hello from A' }, a.token)).status).toBe(201);
      expect((await h.api('POST', `/api/sessions/${b.session}/messages`, { text: 'hello from B' }, b.token)).status).toBe(201);
      // The replies reach each customer's phone through their workspace's Firebase project.
      await reply(h, A.key, a.session, 'A answers');
      await reply(h, B.key, b.session, 'B answers');
      await reply(h, C.key, c.session, 'C answers');
      await reply(h, {}, d.session, 'default answers');
      await eventually(() => fcmA.received.length > 0 && fcmB.received.length > 0 && envFcm.received.length > 0, 20_000);
      await settled(h);

      expect(sinkA.requests.map((r) => JSON.parse(r.body).text)).toEqual(['hello from A']);
      expect(sinkB.requests.map((r) => JSON.parse(r.body).text)).toEqual(['hello from B']);
      expect(tokensAt(fcmA)).toEqual(['fcm-alice']);
      expect(tokensAt(fcmB)).toEqual(['fcm-bob']);
      expect(tokensAt(envFcm)).toEqual(['fcm-dave']);
      expect(fcmA.received[0]!.message.data).toMatchObject({ conversationId: a.session });
      // Each project minted its access tokens for its own service account; none was sent elsewhere.
      expect(new Set(fcmA.tokenRequests.map((t) => t.iss))).toEqual(new Set(['push@shop-a.iam.gserviceaccount.com']));
      expect(new Set(fcmB.tokenRequests.map((t) => t.iss))).toEqual(new Set(['push@shop-b.iam.gserviceaccount.com']));
      expect(fcmA.tokenRequests.map((t) => t.accessToken)).toContain(fcmA.received[0]!.accessToken);
      expect(fcmB.tokenRequests.map((t) => t.accessToken)).toContain(fcmB.received[0]!.accessToken);

      // Each workspace's FCM is a destination of its own; default keeps the plain key.
      expect(await fcmDeliveries(h, A.key, a.session)).toMatchObject([{ status: 'delivered', destination: `fcm:${A.id}` }]);
      expect(await fcmDeliveries(h, B.key, b.session)).toMatchObject([{ status: 'delivered', destination: `fcm:${B.id}` }]);
      expect(await fcmDeliveries(h, {}, d.session)).toMatchObject([{ status: 'delivered', destination: 'fcm' }]);
      // Each sees its own provider destinations only (webhook origins are shared facts).
      const providerKeys = async (key: Headers) =>
        ((await h.api('GET', '/api/destinations', undefined, key)).body.items as Array<{ key: string; kind: string }>)
          .filter((x) => x.kind === 'provider')
          .map((x) => x.key);
      expect(await providerKeys(A.key)).toEqual([`fcm:${A.id}`]);
      expect(await providerKeys(B.key)).toEqual([`fcm:${B.id}`]);
      expect(await providerKeys({})).toEqual(['fcm']);
      // C set nothing and does not share the environment's: skipped with the usual reason.
      expect(await fcmDeliveries(h, C.key, c.session)).toMatchObject([{ status: 'skipped', reason: 'fcm is not configured: FCM_SERVICE_ACCOUNT is not set' }]);

      // C's settings show nothing of the environment; default's show where theirs come from.
      const inC = await fcmFields(h, C.key);
      expect(inC.configured).toBe(false);
      expect(inC.fields.map((f) => [f.key, f.value, f.fromEnv])).toEqual([
        ['serviceAccount', null, false],
        ['endpoint', null, false],
      ]);
      const inDefault = await fcmFields(h, {});
      expect(inDefault.fields.map((f) => [f.key, f.fromEnv])).toEqual([
        ['serviceAccount', true],
        ['endpoint', true],
      ]);
      expect(inDefault.fields.find((f) => f.key === 'endpoint')!.value).toBe(envFcm.url);
      // A's settings show A's own endpoint, not the environment's.
      expect((await fcmFields(h, A.key)).fields.find((f) => f.key === 'endpoint')).toMatchObject({ value: fcmA.url, fromEnv: false });
      // Default is still bound by its environment.
      expect((await h.api('PUT', '/api/settings/providers/fcm', fcmValues(fcmC, 'shop-c'))).status).toBe(409);

      // The environment's SMTP relay is default's too.
      const channels = async (key: Headers) => (await h.api('GET', '/api/settings/channels', undefined, key)).body;
      expect((await channels({})).email).toEqual({ configured: true, from: 'support@example.test' });
      expect((await channels(C.key)).email).toEqual({ configured: false, from: null });
      const test = await h.api('POST', '/api/settings/email/test', { to: 'ops@example.test' }, C.key);
      expect(test.status).toBe(422);
      expect(test.body.error.message).toContain('SMTP_URL is not set');

      // Each workspace signs Web Push with its own VAPID key, the same on every call.
      const vapid = async (key: Headers) => (await h.api('GET', '/api/push/vapid', undefined, key)).body.publicKey as string;
      const keys = [await vapid({}), await vapid(A.key), await vapid(B.key)];
      expect(new Set(keys).size).toBe(3);
      expect(await vapid(A.key)).toBe(keys[1]);
      // A workspace may bring its own pair (a mismatched one is refused); default's stays.
      const own = webpush.generateVAPIDKeys();
      const other = webpush.generateVAPIDKeys();
      const mismatched = await h.api('PUT', '/api/settings/providers/webpush', { values: { publicKey: own.publicKey, privateKey: other.privateKey } }, B.key);
      expect(mismatched.status).toBe(400);
      expect(await vapid(B.key)).toBe(keys[2]);
      const set = await h.api('PUT', '/api/settings/providers/webpush', { values: { publicKey: own.publicKey, privateKey: own.privateKey } }, B.key);
      expect(set.status).toBe(200);
      expect(set.body.fields.find((f: Field) => f.key === 'privateKey')).toMatchObject({ value: '••••••', fromEnv: false });
      expect(await vapid(B.key)).toBe(own.publicKey);
      expect(await vapid({})).toBe(keys[0]);
    });

    it('lets another workspace use the environment’s FCM only with HERALD_SHARE_ENV_PROVIDERS=true, and its own once it sets one', async () => {
      const h = await startHerald({ backend, env: { ...env, HERALD_SHARE_ENV_PROVIDERS: 'true' } });
      heralds.push(h);
      envFcm.reset();
      fcmC.reset();
      const C = await newWorkspace(h, 'Shop C (shares the environment)');
      const c = await shop(h, C.key, undefined, 'cleo');

      const shared = await fcmFields(h, C.key);
      expect(shared.configured).toBe(true);
      expect(shared.fields.map((f) => [f.key, f.fromEnv])).toEqual([
        ['serviceAccount', true],
        ['endpoint', true],
      ]);
      await reply(h, C.key, c.session, 'through the shared project');
      await eventually(() => envFcm.received.length > 0, 20_000);
      await settled(h);
      expect(tokensAt(envFcm)).toEqual(['fcm-cleo']);
      expect(await fcmDeliveries(h, C.key, c.session)).toMatchObject([{ status: 'delivered', destination: `fcm:${C.id}` }]);
      expect((await h.api('GET', '/api/settings/channels', undefined, C.key)).body.email).toEqual({ configured: true, from: 'support@example.test' });

      // Its own service account replaces the shared one as a whole (never mixed with it).
      expect((await h.api('PUT', '/api/settings/providers/fcm', fcmValues(fcmC, 'shop-c'), C.key)).status).toBe(200);
      await reply(h, C.key, c.session, 'through its own project');
      await eventually(() => fcmC.received.length > 0, 20_000);
      await settled(h);
      expect(tokensAt(fcmC)).toEqual(['fcm-cleo']);
      expect(tokensAt(envFcm)).toEqual(['fcm-cleo']);
    });
  });
}
