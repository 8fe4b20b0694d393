/**
 * Single sign-on against a real OpenID Connect provider on loopback (oidc-provider), invitations
 * and password reset by email through a real SMTP server (smtp-server), password sign-in off.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/main.js';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { type OidcFake, signInThroughProvider, startOidcFake } from '../fakes/oidc-fake.js';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { freePort } from '../helpers/ports.js';

const linkIn = (text: string, path: string) => new RegExp(`(http://[^\\s]+${path}\\?token=[A-Za-z0-9_-]+)`).exec(text)?.[1];

async function signInWithPassword(h: TestHerald, email: string, password: string) {
  const res = await fetch(`${h.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('herald_session='))
    ?.split(';')[0];
  return { status: res.status, body: (await res.json()) as any, cookie };
}

const me = async (h: TestHerald, session: string | undefined) =>
  (await h.api('GET', '/api/auth/me', undefined, { authorization: '', cookie: `herald_session=${session}` })).body;

for (const backend of backends()) {
  describe(`single sign-on, invitations and password reset on ${backend}`, () => {
    let oidc: OidcFake;
    let smtp: SmtpFake;
    let h: TestHerald;

    beforeAll(async () => {
      const port = await freePort();
      const publicUrl = `http://127.0.0.1:${port}`;
      oidc = await startOidcFake({ redirectUri: `${publicUrl}/api/auth/oidc/callback` });
      smtp = await new SmtpFake().start();
      h = await startHerald({
        backend,
        env: {
          HERALD_PORT: String(port),
          HERALD_PUBLIC_URL: publicUrl,
          HERALD_OIDC_ISSUER: oidc.issuer,
          HERALD_OIDC_CLIENT_ID: oidc.clientId,
          HERALD_OIDC_CLIENT_SECRET: oidc.clientSecret,
          SMTP_URL: smtp.url(),
          SMTP_FROM: 'Herald <herald@example.test>',
        },
      });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
      await oidc?.close();
      await smtp?.close();
    });

    it('signs in an invited operator through the provider, with the invited role, and never creates one nobody invited', async () => {
      const invited = await h.api('POST', '/api/invitations', { email: 'Sso.Agent@Example.test', role: 'manager' });
      expect(invited.status).toBe(201);
      expect(invited.body.invitation).toMatchObject({ email: 'sso.agent@example.test', role: 'manager' });

      const first = await signInThroughProvider(h.url, 'sso.agent@example.test');
      // The portal opens in the workspace that invited them.
      expect(first.location).toBe('/?workspace=default');
      expect(first.session).toBeTruthy();
      expect((await me(h, first.session)).operator).toMatchObject({ email: 'sso.agent@example.test', role: 'manager', name: 'SSO sso.agent' });
      expect(oidc.tokenRequests).toBeGreaterThanOrEqual(1);
      // The invitation is spent; signing in again finds the operator it created.
      expect((await h.api('GET', '/api/invitations')).body.items.map((i: { email: string }) => i.email)).not.toContain('sso.agent@example.test');
      const again = await signInThroughProvider(h.url, 'sso.agent@example.test');
      expect((await me(h, again.session)).operator.id).toBe((await me(h, first.session)).operator.id);

      const before = (await h.api('GET', '/api/operators')).body.items.length;
      const stranger = await signInThroughProvider(h.url, 'stranger@example.test');
      expect(stranger).toEqual({ location: '/login?sso=not_invited', session: undefined });
      expect((await h.api('GET', '/api/operators')).body.items).toHaveLength(before);
    }, 60_000);

    it('lands an operator invited to workspace B in B, and one who already signs in here sees both workspaces', async () => {
      const login = await signInWithPassword(h, TEST_ADMIN.email, TEST_ADMIN.password);
      const asAdmin = (ws?: string) => ({ authorization: '', cookie: login.cookie!, ...(ws && { 'x-herald-workspace': ws }) });
      const B = (await h.api('POST', '/api/workspaces', { name: 'Shop B' }, asAdmin())).body.id as string;
      const workspacesOf = async (session: string | undefined) =>
        (await h.api('GET', '/api/workspaces', undefined, { authorization: '', cookie: `herald_session=${session}` })).body.items.map(
          (w: { id: string; role: string }) => [w.id, w.role],
        );

      // Someone new, invited by B's admin: created by signing in, a member of B only, landing in B.
      expect((await h.api('POST', '/api/invitations', { email: 'new.in.b@example.test', role: 'operator' }, asAdmin(B))).status).toBe(201);
      const fresh = await signInThroughProvider(h.url, 'new.in.b@example.test');
      expect(fresh.location).toBe(`/?workspace=${B}`);
      expect(await workspacesOf(fresh.session)).toEqual([[B, 'operator']]);
      expect((await me(h, fresh.session)).operator).toMatchObject({ email: 'new.in.b@example.test', role: 'operator' });

      // An operator of default (signed in through SSO before) invited to B: one operator, both workspaces.
      const inv = await h.api('POST', '/api/invitations', { email: 'sso.agent@example.test', role: 'viewer' }, asAdmin(B));
      expect(inv.status).toBe(201);
      const before = await signInThroughProvider(h.url, 'sso.agent@example.test');
      expect(before.location).toBe(`/?workspace=${B}`);
      expect(await workspacesOf(before.session)).toEqual([
        ['default', 'manager'],
        [B, 'viewer'],
      ]);
      // The invitation is spent: the next sign-in opens the portal where they were (no workspace forced).
      expect((await signInThroughProvider(h.url, 'sso.agent@example.test')).location).toBe('/');
      const members = (await h.api('GET', `/api/workspaces/${B}/members`, undefined, asAdmin())).body.items.map((m: { email: string }) => m.email);
      expect(members).toEqual([TEST_ADMIN.email, 'new.in.b@example.test', 'sso.agent@example.test']);
    }, 60_000);

    it('refuses an email the provider has not verified, even when it was invited', async () => {
      await h.api('POST', '/api/invitations', { email: 'unverified.person@example.test', role: 'operator' });
      const res = await signInThroughProvider(h.url, 'unverified.person@example.test');
      expect(res).toEqual({ location: '/login?sso=unverified', session: undefined });
    }, 60_000);

    it('refuses a callback that was not started in this browser (no sealed state)', async () => {
      const res = await fetch(`${h.url}/api/auth/oidc/callback?code=abc&state=xyz`, { redirect: 'manual' });
      expect(res.status).toBe(302);
      expect(res.headers.get('location')).toBe('/login?sso=expired');
      expect(res.headers.getSetCookie().some((c) => c.startsWith('herald_session='))).toBe(false);
    });

    it('emails an invitation whose link works once; the deliveries console never shows the link', async () => {
      const res = await h.api('POST', '/api/invitations', { email: 'new.person@example.test', role: 'viewer' });
      expect(res.body.emailed).toBe(true);
      // Earlier tests' invitations are emailed too; this one is told apart by its recipient.
      const mail = await eventually(() => smtp.messages.find((m) => m.envelope.to.includes('new.person@example.test')));
      expect(mail.parsed.subject).toBe('You are invited to Herald');
      const link = linkIn(mail.parsed.text!, '/invite');
      expect(link).toBe(res.body.link);
      const token = new URL(link!).searchParams.get('token')!;

      const deliveries = (await h.api('GET', '/api/deliveries?channel=email')).body.items as Array<{ id: string; target: string }>;
      const detail = (await h.api('GET', `/api/deliveries/${deliveries.find((d) => d.target === 'new.person@example.test')!.id}`)).body;
      expect(JSON.stringify(detail)).not.toContain(token);
      expect(detail.payload.text).toMatch(/sealed/);

      const lookup = await h.api('GET', `/api/invitations/lookup?token=${token}`, undefined, { authorization: '' });
      expect(lookup.body).toMatchObject({ email: 'new.person@example.test', role: 'viewer', password: true, sso: true });
      const accept = await h.api('POST', '/api/invitations/accept', { token, name: 'New Person', password: 'a new long password' }, { authorization: '' });
      expect(accept.status).toBe(200);
      expect(accept.body.operator).toMatchObject({ email: 'new.person@example.test', role: 'viewer', name: 'New Person' });
      expect(accept.headers.getSetCookie().some((c) => c.startsWith('herald_session='))).toBe(true);
      const twice = await h.api('POST', '/api/invitations/accept', { token, name: 'Someone Else', password: 'another long password' }, { authorization: '' });
      expect(twice.status).toBe(410);
      expect(twice.body.error.code).toBe('HERALD_INVALID_LINK');
      expect((await signInWithPassword(h, 'new.person@example.test', 'a new long password')).status).toBe(200);
    }, 60_000);

    it('resets a password by an emailed link that works once and expires', async () => {
      const op = await h.api('POST', '/api/operators', { email: 'forgetful@example.test', name: 'Forgetful', role: 'operator', password: 'the old password' });
      expect(op.status).toBe(201);
      const old = await signInWithPassword(h, 'forgetful@example.test', 'the old password');
      expect(old.status).toBe(200);

      const sent = smtp.messages.length;
      // An unknown address gets the same answer and no email.
      expect((await h.api('POST', '/api/auth/password-reset', { email: 'nobody@example.test' }, { authorization: '' })).status).toBe(204);
      expect((await h.api('POST', '/api/auth/password-reset', { email: 'forgetful@example.test' }, { authorization: '' })).status).toBe(204);
      const mails = (await smtp.waitForMessages(sent + 1, 10_000)).slice(sent);
      expect(mails.map((m) => m.envelope.to)).toEqual([['forgetful@example.test']]);
      const link = linkIn(mails[0]!.parsed.text!, '/reset-password');
      const token = new URL(link!).searchParams.get('token')!;

      const confirm = await h.api('POST', '/api/auth/password-reset/confirm', { token, password: 'the new password' }, { authorization: '' });
      expect(confirm.status).toBe(204);
      // The old password and the login opened with it are gone; the new password works.
      expect((await signInWithPassword(h, 'forgetful@example.test', 'the old password')).status).toBe(401);
      expect((await h.api('GET', '/api/auth/me', undefined, { authorization: '', cookie: old.cookie! })).status).toBe(401);
      expect((await signInWithPassword(h, 'forgetful@example.test', 'the new password')).status).toBe(200);
      const reused = await h.api('POST', '/api/auth/password-reset/confirm', { token, password: 'yet another password' }, { authorization: '' });
      expect(reused.status).toBe(410);
      expect(reused.body.error.code).toBe('HERALD_INVALID_LINK');

      // A link asked for more than an hour ago no longer works.
      await h.herald.services.passwordResets.request('forgetful@example.test', Date.now() - 3601_000);
      const late = (await smtp.waitForMessages(sent + 2, 10_000))[sent + 1]!;
      const lateToken = new URL(linkIn(late.parsed.text!, '/reset-password')!).searchParams.get('token')!;
      const expired = await h.api('POST', '/api/auth/password-reset/confirm', { token: lateToken, password: 'too late password' }, { authorization: '' });
      expect(expired.status).toBe(410);
      expect((await signInWithPassword(h, 'forgetful@example.test', 'the new password')).status).toBe(200);
    }, 60_000);

    it('records invitations and sign-up in the audit log', async () => {
      const log = (await h.api('GET', '/api/audit?action=operator')).body.items;
      const invitedEntry = log.find(
        (e: { action: string; changes: Record<string, unknown> }) =>
          e.action === 'operator.invited' && JSON.stringify(e.changes).includes('sso.agent@example.test'),
      );
      expect(invitedEntry.actor.type).toBe('apiKey');
      expect(log.some((e: { action: string }) => e.action === 'operator.password_reset')).toBe(true);
      expect(JSON.stringify(log)).not.toMatch(/the new password|token=/);
    });
  });

  describe(`password sign-in switched off on ${backend}`, () => {
    let oidc: OidcFake;
    let h: TestHerald;
    beforeAll(async () => {
      const port = await freePort();
      oidc = await startOidcFake({ redirectUri: `http://127.0.0.1:${port}/api/auth/oidc/callback` });
      h = await startHerald({
        backend,
        env: {
          HERALD_PORT: String(port),
          HERALD_PUBLIC_URL: `http://127.0.0.1:${port}`,
          HERALD_OIDC_ISSUER: oidc.issuer,
          HERALD_OIDC_CLIENT_ID: oidc.clientId,
          HERALD_OIDC_CLIENT_SECRET: oidc.clientSecret,
          HERALD_PASSWORD_LOGIN: 'false',
        },
      });
    }, 60_000);
    afterAll(async () => {
      await h?.close();
      await oidc?.close();
    });

    it('refuses passwords at the API and says so to the portal; SSO still signs the admin in', async () => {
      expect((await h.api('GET', '/api/auth/methods', undefined, { authorization: '' })).body).toEqual({ password: false, sso: true, passwordReset: false });
      const login = await signInWithPassword(h, TEST_ADMIN.email, TEST_ADMIN.password);
      expect(login.status).toBe(403);
      expect(login.body.error.code).toBe('HERALD_PASSWORD_LOGIN_DISABLED');
      expect(login.cookie).toBeUndefined();
      const reset = await h.api('POST', '/api/auth/password-reset', { email: TEST_ADMIN.email }, { authorization: '' });
      expect(reset.body.error.code).toBe('HERALD_PASSWORD_LOGIN_DISABLED');
      // The admin already exists: their verified email is enough.
      const sso = await signInThroughProvider(h.url, TEST_ADMIN.email);
      expect(sso.location).toBe('/');
      expect((await me(h, sso.session)).operator).toMatchObject({ email: TEST_ADMIN.email, role: 'admin' });
      // Invitations can only be accepted through SSO.
      const inv = await h.api('POST', '/api/invitations', { email: 'later@example.test', role: 'operator' });
      const token = new URL(inv.body.link).searchParams.get('token')!;
      const accept = await h.api('POST', '/api/invitations/accept', { token, name: 'Later', password: 'some long password' }, { authorization: '' });
      expect(accept.body.error.code).toBe('HERALD_PASSWORD_LOGIN_DISABLED');
      await eventually(async () => (await signInThroughProvider(h.url, 'later@example.test')).location === '/?workspace=default');
    }, 60_000);
  });
}

describe('herald doctor and single sign-on', () => {
  it('reads the provider’s discovery document, and fails (exit 1, the reason) when the provider is down', async () => {
    const oidc = await startOidcFake({ redirectUri: 'http://127.0.0.1:9/api/auth/oidc/callback' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-doctor-oidc-'));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((line: unknown) => void lines.push(String(line)));
    try {
      const env = {
        HERALD_DATA_DIR: dir,
        HERALD_LOG_LEVEL: 'silent',
        HERALD_PUBLIC_URL: 'http://127.0.0.1:9',
        HERALD_OIDC_CLIENT_ID: oidc.clientId,
        HERALD_OIDC_CLIENT_SECRET: oidc.clientSecret,
      };
      expect(await main(['doctor'], { ...env, HERALD_OIDC_ISSUER: oidc.issuer })).toBe(0);
      expect(lines.find((l) => l.startsWith('oidc '))).toMatch(new RegExp(`^oidc +ok +${oidc.issuer}/? answered discovery \\(client herald-test\\)`));
      lines.length = 0;
      await oidc.close();
      expect(await main(['doctor'], { ...env, HERALD_OIDC_ISSUER: oidc.issuer })).toBe(1);
      expect(lines.find((l) => l.startsWith('oidc '))).toMatch(/^oidc +FAILING +The single sign-on provider could not be reached/);
      lines.length = 0;
      expect(await main(['doctor'], { HERALD_DATA_DIR: dir, HERALD_LOG_LEVEL: 'silent' })).toBe(0);
      expect(lines.find((l) => l.startsWith('oidc '))).toMatch(/^oidc +skipped +HERALD_OIDC_ISSUER is not set/);
    } finally {
      log.mockRestore();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
