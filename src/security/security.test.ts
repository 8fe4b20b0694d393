import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it, vi } from 'vitest';
import { hashPassword, verifyPassword } from './passwords.js';
import { SecretBox } from './secret-box.js';
import { SignJWT } from 'jose';
import { trustedWorkspaceId } from '../store/workspace-scope.js';
import { CustomerTokens } from './tokens.js';
import { newSigningSecret, signWebhook } from './webhook-signature.js';

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
    expect(await tokens.verify(token)).toEqual({ ok: true, customerId: 'cust-1', workspaceId: 'default' });
    expect(await new CustomerTokens('y'.repeat(32)).verify(token)).toEqual({ ok: false, reason: 'invalid' });
    expect(await tokens.verify('garbage')).toEqual({ ok: false, reason: 'invalid' });
  });

  it('belong to the workspace their kid names, verified only with that workspace’s secret', async () => {
    const secrets: Record<string, string> = { default: 'd'.repeat(32), ws_a: 'a'.repeat(32), ws_b: 'b'.repeat(32) };
    const tokens = new CustomerTokens(async (ws) => secrets[ws]);
    const inA = await tokens.mint('same-sub', 60, trustedWorkspaceId('ws_a'));
    const inB = await tokens.mint('same-sub', 60, trustedWorkspaceId('ws_b'));
    expect(await tokens.verify(inA.token)).toEqual({ ok: true, customerId: 'same-sub', workspaceId: 'ws_a' });
    expect(await tokens.verify(inB.token)).toEqual({ ok: true, customerId: 'same-sub', workspaceId: 'ws_b' });
    // Signed with A's secret but claiming B: refused.
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'ws_b' })
      .setSubject('same-sub')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secrets.ws_a));
    expect(await tokens.verify(forged)).toEqual({ ok: false, reason: 'invalid' });
    // No kid: a token from before workspaces, verified with default's secret only.
    const legacy = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secrets.default));
    expect(await tokens.verify(legacy)).toEqual({ ok: true, customerId: 'old', workspaceId: 'default' });
    const legacyOfA = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('old')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secrets.ws_a));
    expect(await tokens.verify(legacyOfA)).toEqual({ ok: false, reason: 'invalid' });
    // A workspace that does not exist.
    const unknown = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256', kid: 'ws_gone' })
      .setSubject('x')
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(secrets.ws_a));
    expect(await tokens.verify(unknown)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('remember a verified token only until it expires, and never vouch for a changed one', async () => {
    const tokens = new CustomerTokens('x'.repeat(32));
    const { token } = await tokens.mint('cust-2', 60);
    expect(await tokens.verify(token)).toEqual({ ok: true, customerId: 'cust-2', workspaceId: 'default' });
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    expect(await tokens.verify(tampered)).toEqual({ ok: false, reason: 'invalid' });
    vi.useFakeTimers({ now: Date.now() + 61_000 });
    try {
      expect(await tokens.verify(token)).toEqual({ ok: false, reason: 'expired' });
    } finally {
      vi.useRealTimers();
    }
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
