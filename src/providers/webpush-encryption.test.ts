import { createECDH, randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptAes128gcm } from '../../test/fakes/push-service-fake.js';
import { KeyError, PushEncryption } from './webpush-encryption.js';

/** A browser's subscription keys, as the push service fake keeps them. */
function subscriber() {
  const ecdh = createECDH('prime256v1');
  const publicKey = ecdh.generateKeys();
  return { ecdh, publicKey, auth: randomBytes(16) };
}

const pools: PushEncryption[] = [];
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

for (const threads of [0, 2]) {
  describe(`push encryption with ${threads} worker threads`, () => {
    const pool = new PushEncryption(threads);
    pools.push(pool);

    it('produces what the subscriber decrypts (RFC 8291 aes128gcm), with a new key and salt per message', async () => {
      const ua = subscriber();
      const text = Buffer.from(JSON.stringify({ title: 'Order shipped', body: 'Your order 4471 is on its way. ✓' }));
      const [a, b] = await Promise.all([pool.encrypt(text, ua.publicKey, ua.auth), pool.encrypt(text, ua.publicKey, ua.auth)]);
      expect(decryptAes128gcm(a, ua.ecdh, ua.publicKey, ua.auth).toString()).toBe(text.toString());
      expect(decryptAes128gcm(b, ua.ecdh, ua.publicKey, ua.auth).toString()).toBe(text.toString());
      // salt (16 bytes) and the sender's public key (keyid) differ between two messages
      expect(a.subarray(0, 16).equals(b.subarray(0, 16))).toBe(false);
      expect(a.subarray(21, 86).equals(b.subarray(21, 86))).toBe(false);
    });

    it('encrypts a fan-out of many subscribers, each for its own keys', async () => {
      const uas = Array.from({ length: 60 }, subscriber);
      const text = Buffer.from('{"title":"Winter sale"}');
      const bodies = await Promise.all(uas.map((ua) => pool.encrypt(text, ua.publicKey, ua.auth)));
      bodies.forEach((body, i) => expect(decryptAes128gcm(body, uas[i]!.ecdh, uas[i]!.publicKey, uas[i]!.auth).toString()).toBe(text.toString()));
    });

    it('refuses keys that cannot be used, as a key error (the device is dead), without failing the others', async () => {
      const ua = subscriber();
      const text = Buffer.from('{}');
      const results = await Promise.allSettled([
        pool.encrypt(text, ua.publicKey.subarray(0, 64), ua.auth),
        pool.encrypt(text, Buffer.concat([Buffer.from([4]), Buffer.alloc(64, 7)]), ua.auth),
        pool.encrypt(text, ua.publicKey, ua.auth.subarray(0, 8)),
        pool.encrypt(text, ua.publicKey, ua.auth),
      ]);
      expect(results.slice(0, 3).map((r) => r.status === 'rejected' && r.reason instanceof KeyError)).toEqual([true, true, true]);
      expect(results[0]).toMatchObject({ reason: { message: 'The subscription p256dh value should be 65 bytes long.' } });
      expect(results[3].status).toBe('fulfilled');
    });

    it("encrypts a fan-out ahead: each body taken later is the subscriber's own, bad keys fail alone", async () => {
      const uas = Array.from({ length: 40 }, subscriber);
      const text = Buffer.from('{"title":"Flash sale"}');
      const tickets = pool.ahead([
        ...uas.map((ua) => ({ plaintext: text, p256dh: ua.publicKey, auth: ua.auth })),
        { plaintext: text, p256dh: uas[0]!.publicKey.subarray(0, 64), auth: uas[0]!.auth },
      ]);
      // The first ones are taken at once (before the worker could start them), the rest later.
      const first = await Promise.all(tickets.slice(0, 3).map((t) => pool.take(t)));
      await new Promise((r) => setTimeout(r, 20));
      const bodies = [...first, ...(await Promise.all(tickets.slice(3, 40).map((t) => pool.take(t))))];
      bodies.forEach((body, i) => expect(decryptAes128gcm(body, uas[i]!.ecdh, uas[i]!.publicKey, uas[i]!.auth).toString()).toBe(text.toString()));
      // A new key pair per body.
      expect(new Set(bodies.map((b) => b.subarray(21, 86).toString('hex'))).size).toBe(40);
      await expect(pool.take(tickets[40]!)).rejects.toThrow(new KeyError('The subscription p256dh value should be 65 bytes long.'));
    });
  });
}

describe('push encryption whose workers are gone', () => {
  it('still gives every body encrypted ahead, and encrypts new ones on the event loop', async () => {
    const pool = new PushEncryption(1);
    const uas = Array.from({ length: 200 }, subscriber);
    const text = Buffer.from('{"title":"Back in stock"}');
    // Started (the worker is at work on them), then the worker is stopped before they are taken.
    const tickets = pool.ahead(uas.map((ua) => ({ plaintext: text, p256dh: ua.publicKey, auth: ua.auth })));
    await new Promise((r) => setImmediate(r));
    await pool.close();
    const bodies = await Promise.all(tickets.map((t) => pool.take(t)));
    bodies.forEach((body, i) => expect(decryptAes128gcm(body, uas[i]!.ecdh, uas[i]!.publicKey, uas[i]!.auth).toString()).toBe(text.toString()));
    const ua = subscriber();
    expect(decryptAes128gcm(await pool.encrypt(text, ua.publicKey, ua.auth), ua.ecdh, ua.publicKey, ua.auth).toString()).toBe(text.toString());
  });
});
