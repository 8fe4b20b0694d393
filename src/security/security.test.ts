import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';
import { SecretBox } from './secret-box.js';
import { assertPublicUrl, isPrivateAddress } from './ssrf-guard.js';
import { CustomerTokens } from './tokens.js';
import { newSigningSecret, signWebhook } from './webhook-signature.js';

describe('isPrivateAddress', () => {
  it.each([
    ['127.0.0.1', true],
    ['10.0.0.8', true],
    ['172.16.5.4', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['::1', true],
    ['fe80::1', true],
    ['fd12:3456::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['8.8.8.8', false],
    ['2606:4700::1111', false],
    ['not-an-ip', true],
  ])('%s → %s', (ip, expected) => expect(isPrivateAddress(ip)).toBe(expected));

  it('accepts private URLs only when allowed', async () => {
    await expect(assertPublicUrl('http://127.0.0.1/x', false)).rejects.toThrow(/127\.0\.0\.1/);
    await expect(assertPublicUrl('http://127.0.0.1/x', true)).resolves.toBeUndefined();
    await expect(assertPublicUrl('http://user:pw@93.184.216.34/x', false)).rejects.toThrow(/credentials/);
    await expect(assertPublicUrl('http://93.184.216.34/x', false)).resolves.toBeUndefined();
  });
});

describe('SecretBox', () => {
  it('round-trips and refuses tampered or foreign ciphertexts', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.encrypt('Bearer abc');
    expect(sealed).not.toContain('abc');
    expect(box.decrypt(sealed)).toBe('Bearer abc');
    expect(box.encrypt('same')).not.toBe(box.encrypt('same'));
    const parts = sealed.split('.');
    parts[2] = Buffer.from('Bearer xyz').toString('base64url');
    expect(() => box.decrypt(parts.join('.'))).toThrow();
    expect(() => new SecretBox(randomBytes(32)).decrypt(sealed)).toThrow();
  });
});

describe('passwords', () => {
  it('verifies the right password only, with a salted memory-hard hash', async () => {
    const h = await hashPassword('s3cret-pass');
    expect(h).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(await hashPassword('s3cret-pass')).not.toBe(h);
    expect(await verifyPassword('s3cret-pass', h)).toBe(true);
    expect(await verifyPassword('s3cret-pasS', h)).toBe(false);
  });
});

describe('customer tokens', () => {
  it('verify their own tokens and tell expired ones apart', async () => {
    const tokens = new CustomerTokens('x'.repeat(32));
    const { token } = await tokens.mint('cust-1', 60);
    expect(await tokens.verify(token)).toEqual({ ok: true, customerId: 'cust-1' });
    expect(await new CustomerTokens('y'.repeat(32)).verify(token)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify('garbage')).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('Standard Webhooks signing', () => {
  it('produces signatures the standardwebhooks library accepts', () => {
    const secret = newSigningSecret();
    const ts = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: 'evt_1', text: 'ü' });
    const sig = signWebhook([secret], 'evt_1', ts, body);
    expect(sig).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    const headers = { 'webhook-id': 'evt_1', 'webhook-timestamp': String(ts), 'webhook-signature': sig };
    expect(new Webhook(secret).verify(body, headers)).toEqual({ id: 'evt_1', text: 'ü' });
    expect(() => new Webhook(newSigningSecret()).verify(body, headers)).toThrow();
  });
});
