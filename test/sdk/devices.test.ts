import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchLike, HeraldApiError, acquireClient, createHerald } from '../../sdk/src/index.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { customerToken, memoryStorage, serverDevices, webPushSubscription } from './fixtures.js';

describe('SDK devices and preferences against a real server', () => {
  let h: TestHerald;
  beforeAll(async () => {
    h = await startHerald();
  });
  afterAll(() => h?.close());

  const client = (userId: string, token: string, extra: Partial<Parameters<typeof createHerald>[0]> = {}) =>
    createHerald({ serverUrl: h.url, userId, sessionToken: token, ...extra });

  it('registers the FCM token at once, rotates it, and teardown unregisters it', async () => {
    const token = await customerToken(h, 'sdk-dev-1');
    const herald = client('sdk-dev-1', token, { fcmToken: 'fcm-token-A' });
    await herald.ready;
    expect(await serverDevices(h, token)).toMatchObject([{ platform: 'mobile', provider: 'fcm', token: 'fcm-token-A' }]);

    await herald.updateToken('fcm-token-B');
    expect((await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-token-B']);

    await herald.teardown();
    expect(await serverDevices(h, token)).toEqual([]);
  });

  it('registers web push and Telegram devices with their providers; teardown removes all of them', async () => {
    const token = await customerToken(h, 'sdk-dev-2');
    const herald = client('sdk-dev-2', token, { webPushSubscription: webPushSubscription(1), telegramChatId: 123456789 });
    await herald.ready;
    const devices = await serverDevices(h, token);
    expect(devices.map((d) => [d.platform, d.provider]).sort()).toEqual([
      ['tma', 'telegram'],
      ['web', 'webpush'],
    ]);
    expect(devices.find((d) => d.provider === 'telegram')?.token).toBe('123456789');

    // Devices registered later through the client are also its to remove.
    await herald.registerDevice({ platform: 'mobile', token: 'apns-token-1', provider: 'apns' });
    expect(await herald.listDevices()).toHaveLength(3);
    await herald.teardown();
    expect(await serverDevices(h, token)).toEqual([]);
  });

  it('unregisterDevice removes one device; teardown({keepDevices}) leaves the rest registered', async () => {
    const token = await customerToken(h, 'sdk-dev-3');
    const herald = client('sdk-dev-3', token, { fcmToken: 'fcm-keep' });
    await herald.ready;
    await herald.registerDevice({ platform: 'mobile', token: 'fcm-drop' });
    await herald.unregisterDevice('fcm-drop');
    expect((await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-keep']);
    await herald.teardown({ keepDevices: true });
    expect((await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-keep']);
  });

  it('with storage, a later run unregisters a token that rotated while the app was closed, and signs out everything', async () => {
    const token = await customerToken(h, 'sdk-dev-4');
    const storage = memoryStorage();
    const first = client('sdk-dev-4', token, { fcmToken: 'fcm-old', storage });
    await first.ready;
    await first.teardown({ keepDevices: true }); // the app is closed, still signed in

    const second = client('sdk-dev-4', token, { fcmToken: 'fcm-new', storage });
    await second.ready;
    expect((await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-new']);
    await second.teardown();
    expect(await serverDevices(h, token)).toEqual([]);
    expect(storage.data.size).toBe(0);
  });

  it('a token registered by another user moves to the one signing in', async () => {
    const ann = await customerToken(h, 'sdk-dev-ann');
    const bob = await customerToken(h, 'sdk-dev-bob');
    const a = client('sdk-dev-ann', ann, { fcmToken: 'shared-phone' });
    await a.ready;
    const b = client('sdk-dev-bob', bob, { fcmToken: 'shared-phone' });
    await b.ready;
    expect(await serverDevices(h, ann)).toEqual([]);
    expect((await serverDevices(h, bob)).map((d) => d.token)).toEqual(['shared-phone']);
    // Ann signing out afterwards must not take Bob's phone away; her token is simply gone.
    await a.teardown();
    expect((await serverDevices(h, bob)).map((d) => d.token)).toEqual(['shared-phone']);
    await b.teardown();
  });

  it('reads and updates notification preferences', async () => {
    const token = await customerToken(h, 'sdk-dev-prefs');
    const herald = client('sdk-dev-prefs', token);
    expect(await herald.getPreferences()).toEqual({ chatMessages: true, ticketUpdates: true, systemNotices: true });
    expect(await herald.setPreferences({ ticketUpdates: false })).toEqual({ chatMessages: true, ticketUpdates: false, systemNotices: true });
    expect(await herald.getPreferences()).toMatchObject({ ticketUpdates: false });
    await herald.teardown();
  });

  it('throws HeraldApiError with the server code; ready rejects when registration fails', async () => {
    const herald = client('nobody', 'not-a-valid-token', { fcmToken: 'x' });
    const err = await herald.ready.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HeraldApiError);
    expect(err).toMatchObject({ status: 401, code: expect.stringMatching(/^HERALD_/) });
    expect((err as Error).message).not.toBe('');

    const token = await customerToken(h, 'sdk-dev-err');
    const ok = client('sdk-dev-err', token);
    await expect(ok.registerDevice({ platform: 'tma', token: 'not-a-chat-id' })).rejects.toMatchObject({ status: 400, code: 'HERALD_VALIDATION' });
    await expect(ok.getSession('ses_missing')).rejects.toMatchObject({ status: 404, code: 'HERALD_NOT_FOUND' });
    await ok.teardown();
  });

  it("useHerald's shared client: a StrictMode-style unmount + remount keeps the device, the last release unregisters it", async () => {
    const token = await customerToken(h, 'sdk-react-1');
    let unregisters = 0;
    const counting: FetchLike = (url, init) => {
      if (url.endsWith('/api/devices/unregister')) unregisters++;
      return fetch(url, init);
    };
    const options = { serverUrl: h.url, userId: 'sdk-react-1', sessionToken: token, fcmToken: 'fcm-react', fetch: counting };
    const first = acquireClient(options);
    await first.client.ready;
    // StrictMode: effect cleanup and the second effect run back to back.
    first.release();
    const second = acquireClient(options);
    expect(second.client).toBe(first.client);
    // A teardown waits one timer turn; a zero timer set now runs after it (same-delay timers fire in order).
    await nextTimerTurn();
    const probe = acquireClient(options);
    expect(probe.client).toBe(first.client); // still the shared client: it was not torn down
    probe.release();
    expect(unregisters).toBe(0);
    expect((await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-react']);

    second.release();
    await eventually(async () => (await serverDevices(h, token)).length === 0, 5000);
    // A later acquire after the teardown gets a fresh client.
    const third = acquireClient(options);
    expect(third.client).not.toBe(first.client);
    await third.client.ready;
    third.release({ keepDevices: true });
    await nextTimerTurn();
    // The teardown the release started (teardown returns the one already under way): it kept the device.
    await third.client.teardown({ keepDevices: true });
    expect((await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-react']);
  });
});

/** Lets timers already set with a zero delay run first (an ordering point, not a wait for time). */
const nextTimerTurn = () => new Promise((r) => setTimeout(r, 0));
