/**
 * In Chromium: with password sign-in off, the login page offers only single sign-on; an invited
 * operator signs in through a real OpenID Connect provider on loopback (oidc-provider's own
 * sign-in page) and lands in the portal with the invited role; the admin then sees it in the
 * audit log with its before/after.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OidcFake, startOidcFake } from '../fakes/oidc-fake.js';
import { freePort } from '../helpers/ports.js';
import { type PortalEnv, TEST_ADMIN, expectText, go, menu, newPage, screenshot, startPortal } from './helpers.js';

describe('portal single sign-on', () => {
  let oidc: OidcFake;
  let env: PortalEnv;

  beforeAll(async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    oidc = await startOidcFake({ redirectUri: `${publicUrl}/api/auth/oidc/callback` });
    env = await startPortal({
      env: {
        HERALD_PORT: String(port),
        HERALD_PUBLIC_URL: publicUrl,
        HERALD_OIDC_ISSUER: oidc.issuer,
        HERALD_OIDC_CLIENT_ID: oidc.clientId,
        HERALD_OIDC_CLIENT_SECRET: oidc.clientSecret,
        HERALD_PASSWORD_LOGIN: 'false',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await oidc?.close();
  });

  /** Clicks "Sign in with single sign-on" and types `email` into the provider's own sign-in form. */
  async function ssoSignIn(page: Page, email: string, shot?: string) {
    await page.goto(`${env.url}/`);
    await page.getByTestId('sso-button').click();
    await page.waitForURL((u) => u.href.startsWith(oidc.issuer));
    await page.locator('input[name="login"]').fill(email);
    await page.locator('input[name="password"]').fill('whatever the provider asks');
    if (shot) await screenshot(page, shot);
    await page.locator('button[type="submit"]').click();
    await page.waitForURL((u) => u.href.startsWith(env.url));
  }

  it('signs an invited operator in through the provider; the password form is gone', async () => {
    const invited = await env.herald.api('POST', '/api/invitations', { email: 'lead@example.test', role: 'manager' });
    expect(invited.status).toBe(201);

    const { context, page } = await newPage(env.browser);
    await page.goto(`${env.url}/`);
    await page.getByTestId('sso-button').waitFor();
    expect(await page.locator('input[type="password"]').count()).toBe(0);
    expect(await page.locator('input[autocomplete="username"]').count()).toBe(0);
    await screenshot(page, 'sso-login-password-off');

    await ssoSignIn(page, 'lead@example.test', 'sso-provider-sign-in');
    await menu(page).waitFor({ state: 'attached' });
    // A manager's home: the Sessions page, with the manager's menu (Agents, no Team, no Audit log).
    await expect.poll(() => page.evaluate('location.pathname')).toBe('/sessions');
    await expectText(page, 'SSO lead');
    expect(await menu(page).getByText('Agents').count()).toBe(1);
    expect(await menu(page).getByText('Audit log').count()).toBe(0);
    const me = await context.request.get(`${env.url}/api/auth/me`);
    expect((await me.json()).operator).toMatchObject({ email: 'lead@example.test', role: 'manager' });
    await screenshot(page, 'sso-signed-in-manager');
    await context.close();
  }, 60_000);

  it('tells someone nobody invited why they are not signed in', async () => {
    const { context, page } = await newPage(env.browser);
    await ssoSignIn(page, 'stranger@example.test');
    await page.getByTestId('sso-refused').waitFor();
    await expectText(page, /not invited/);
    expect(await menu(page).count()).toBe(0);
    await screenshot(page, 'sso-not-invited');
    await context.close();
  }, 60_000);

  it('shows the admin the audit log with a diff of each change', async () => {
    const { context, page } = await newPage(env.browser);
    await ssoSignIn(page, TEST_ADMIN.email);
    await menu(page).waitFor({ state: 'attached' });
    const agent = await context.request.post(`${env.url}/api/agents`, { data: { name: 'Night bot' } });
    const id = (await agent.json()).id as string;
    await context.request.patch(`${env.url}/api/agents/${id}`, { data: { name: 'Night shift bot' } });
    await go(page, '/audit');
    await page.getByTestId('audit-table').waitFor();
    await page.getByText('agent.updated').first().click();
    const diff = page.getByTestId('audit-diff');
    await diff.waitFor();
    expect(await diff.innerText()).toMatch(/name\s+Night bot\s+Night shift bot/);
    await screenshot(page, 'audit-log-diff');
    await go(page, '/team');
    await expectText(page, 'Pending invitations');
    await screenshot(page, 'team-invitations');
    await context.close();
  }, 60_000);
});
