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

  it('opens the portal in the workspace the operator was invited to; one already here sees both', async () => {
    // The instance admin makes workspace B and invites two people to it: someone new, and the
    // manager of default signed in by the first test.
    const admin = await newPage(env.browser);
    await ssoSignIn(admin.page, TEST_ADMIN.email);
    await menu(admin.page).waitFor({ state: 'attached' });
    const B = (await (await admin.context.request.post(`${env.url}/api/workspaces`, { data: { name: 'Harbor Books' } })).json()) as { id: string };
    for (const [email, role] of [
      ['newcomer@example.test', 'operator'],
      ['lead@example.test', 'viewer'],
    ]) {
      const res = await admin.context.request.post(`${env.url}/api/invitations`, { data: { email, role }, headers: { 'x-herald-workspace': B.id } });
      expect(res.status()).toBe(201);
    }
    await admin.context.close();

    const switcher = (page: Page) => page.getByTestId('workspace-switcher');
    const newcomer = await newPage(env.browser);
    await ssoSignIn(newcomer.page, 'newcomer@example.test');
    await menu(newcomer.page).waitFor({ state: 'attached' });
    // A member of B only: no switcher, and B's data (its operators: the admin and them).
    expect(await switcher(newcomer.page).count()).toBe(0);
    const mine = await newcomer.context.request.get(`${env.url}/api/workspaces`);
    expect((await mine.json()).items).toEqual([{ id: B.id, name: 'Harbor Books', role: 'operator' }]);
    await newcomer.context.close();

    const lead = await newPage(env.browser);
    await ssoSignIn(lead.page, 'lead@example.test');
    await menu(lead.page).waitFor({ state: 'attached' });
    await expect.poll(() => switcher(lead.page).innerText()).toContain('Harbor Books');
    expect(await lead.page.evaluate('location.search')).toBe('');
    // A viewer in B: the menu of a viewer (no Human Agents, no Team), though a manager in default.
    expect(await menu(lead.page).getByText('Human Agents').count()).toBe(0);
    await switcher(lead.page).click();
    expect(await lead.page.getByTestId('workspace-option-default').innerText()).toMatch(/Default\s*Manager/i);
    expect(await lead.page.getByTestId(`workspace-option-${B.id}`).innerText()).toMatch(/Harbor Books\s*Viewer/i);
    await screenshot(lead.page, 'sso-landed-in-invited-workspace');
    await lead.context.close();
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
