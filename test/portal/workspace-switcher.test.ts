/**
 * In Chromium: an instance admin creates a second workspace from the header's switcher (its
 * server key shown once), adds an operator of `default` to it on the Team page and gives them a
 * role there; that operator then switches between the two workspaces and sees each one's sessions
 * only, live updates included, and the choice survives a reload.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PortalEnv, TEST_ADMIN, adminCookie, expectText, go, menu, newPage, screenshot, signIn, startPortal } from './helpers.js';

const switcher = (page: Page) => page.getByTestId('workspace-switcher');
const sessionIds = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('tr[data-session-id]')].map((r) => r.dataset.sessionId)`);

async function switchTo(page: Page, id: string, name: string) {
  await switcher(page).click();
  await page.getByTestId(`workspace-option-${id}`).click();
  await expect.poll(() => switcher(page).innerText()).toContain(name);
}

describe('portal: workspace switcher', () => {
  let env: PortalEnv;
  beforeAll(async () => {
    env = await startPortal();
  }, 60_000);
  afterAll(async () => {
    await env?.close();
  });

  it("lets an operator of two workspaces switch between them and see each one's sessions only", async () => {
    const { herald, url, browser } = env;

    // The instance admin creates workspace B in the portal; its server key is shown once.
    const admin = await newPage(browser);
    await signIn(admin.page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await switcher(admin.page).click();
    await admin.page.getByTestId('workspace-create').click();
    await admin.page.getByLabel('Name').fill('Harbor Books');
    await admin.page.getByRole('button', { name: 'Create', exact: true }).click();
    const key = await admin.page.getByTestId('workspace-api-key').innerText();
    expect(key).toMatch(/^hk_/);
    await screenshot(admin.page, 'workspace-created-key-shown-once');
    const asB = { authorization: `Bearer ${key}` };
    const B = (await herald.api('GET', '/api/workspaces', undefined, asB)).body.items[0] as { id: string; name: string };
    expect(B.name).toBe('Harbor Books');
    await admin.page.getByRole('button', { name: 'Open Harbor Books' }).click();
    await expect.poll(() => switcher(admin.page).innerText()).toContain('Harbor Books');

    // Each workspace: its own agent and a customer's session.
    const sessionIn = async (headers: Record<string, string>, agentName: string, customer: string) => {
      const agent = (await herald.api('POST', '/api/agents', { name: agentName }, headers)).body.id as string;
      return (await herald.api('POST', '/api/sessions', { agentId: agent, customerId: customer }, headers)).body.id as string;
    };
    const inDefault = await sessionIn({}, 'Default bot', 'anna');
    const inB = await sessionIn(asB, 'Harbor bot', 'ben');

    // Olga works in default; B's admin adds her to B on the Team page and makes her a viewer there.
    expect(
      (await herald.api('POST', '/api/operators', { email: 'olga@example.test', name: 'Olga', role: 'manager', password: 'olga has a long password' })).status,
    ).toBe(201);
    await go(admin.page, '/team');
    const members = admin.page.getByTestId('workspace-members');
    await members.getByText('Members of Harbor Books').waitFor();
    await admin.page.getByTestId('member-email').fill('olga@example.test');
    await admin.page.getByTestId('member-add').click();
    const olgaRow = admin.page.getByTestId('member-olga@example.test');
    await olgaRow.waitFor();
    await olgaRow.getByLabel('Role').click();
    await admin.page.getByRole('option', { name: 'Viewer' }).click();
    const olgaId = (await herald.api('GET', '/api/operators')).body.items.find((o: { email: string }) => o.email === 'olga@example.test').id as string;
    await expect
      .poll(async () => (await herald.api('GET', '/api/operators', undefined, asB)).body.items.find((o: { id: string }) => o.id === olgaId)?.role)
      .toBe('viewer');
    await screenshot(admin.page, 'workspace-team-members');
    await admin.context.close();

    // Olga signs in: her first workspace, default, with its session only.
    const olga = await newPage(browser);
    const streamHeaders: string[] = [];
    olga.page.on('request', (r) => {
      if (r.url().endsWith('/api/stream')) streamHeaders.push(r.headers()['x-herald-workspace'] ?? '(none)');
    });
    await signIn(olga.page, url, 'olga@example.test', 'olga has a long password');
    await expect.poll(() => olga.page.evaluate('location.pathname')).toBe('/sessions');
    await expect.poll(() => switcher(olga.page).innerText()).toContain('Default');
    await expect.poll(() => sessionIds(olga.page)).toEqual([inDefault]);
    await olga.page.getByText('Default bot').first().waitFor();
    await screenshot(olga.page, 'workspace-default-sessions');

    // Switching shows B's sessions, with her role there (a viewer: no Human Agents page either way).
    await switchTo(olga.page, B.id, 'Harbor Books');
    await expect.poll(() => sessionIds(olga.page)).toEqual([inB]);
    await olga.page.getByText('Harbor bot').first().waitFor();
    await switcher(olga.page).click();
    expect(await olga.page.getByTestId(`workspace-option-${B.id}`).innerText()).toMatch(/Harbor Books\s*Viewer/i);
    expect(await olga.page.getByTestId('workspace-option-default').innerText()).toMatch(/Default\s*Manager/i);
    await screenshot(olga.page, 'workspace-switcher-open');
    await olga.page.keyboard.press('Escape');
    await expect.poll(() => streamHeaders.at(-1)).toBe(B.id);

    // Live: a session started in default is not B's; the one started in B after it shows up.
    const laterInDefault = await sessionIn({}, 'Default bot 2', 'anna-2');
    const laterInB = await sessionIn(asB, 'Harbor bot 2', 'ben-2');
    await expect.poll(() => sessionIds(olga.page)).toEqual([laterInB, inB]);
    expect(await sessionIds(olga.page)).not.toContain(laterInDefault);
    await screenshot(olga.page, 'workspace-b-sessions');

    // The choice is remembered across a reload; switching back shows default's sessions again.
    await olga.page.reload();
    await menu(olga.page).waitFor({ state: 'attached' });
    await expect.poll(() => switcher(olga.page).innerText()).toContain('Harbor Books');
    await expect.poll(() => sessionIds(olga.page)).toEqual([laterInB, inB]);
    await switchTo(olga.page, 'default', 'Default');
    await expect.poll(() => sessionIds(olga.page)).toEqual([laterInDefault, inDefault]);
    await olga.context.close();
  }, 120_000);

  it('lets an operator invited to one more workspace join it from the link and opens the portal there', async () => {
    const { herald, url, browser } = env;
    const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('herald_session='))!
      .split(';')[0]!;
    const C = (await herald.api('POST', '/api/workspaces', { name: 'Lighthouse Cafe' }, { authorization: '', cookie })).body.id as string;
    expect(
      (await herald.api('POST', '/api/operators', { email: 'leo@example.test', name: 'Leo', role: 'operator', password: 'leo has a long password' })).status,
    ).toBe(201);
    const invited = await herald.api(
      'POST',
      '/api/invitations',
      { email: 'leo@example.test', role: 'manager' },
      { authorization: '', cookie, 'x-herald-workspace': C },
    );
    const token = new URL(invited.body.link as string).searchParams.get('token')!;

    // Leo is signed in (in default) when he opens the link.
    const leo = await newPage(browser);
    await signIn(leo.page, url, 'leo@example.test', 'leo has a long password');
    await leo.page.goto(`${url}/invite?token=${token}`);
    const join = leo.page.getByRole('button', { name: 'Join Lighthouse Cafe' });
    await join.waitFor();
    // No name or password to choose: he has an account.
    expect(await leo.page.locator('input[type="password"]').count()).toBe(0);
    await screenshot(leo.page, 'workspace-invite-existing-operator');
    await join.click();
    await menu(leo.page).waitFor({ state: 'attached' });
    await expect.poll(() => switcher(leo.page).innerText()).toContain('Lighthouse Cafe');
    // A manager there (his home is Sessions), still an operator in default.
    await expect.poll(() => leo.page.evaluate('location.pathname')).toBe('/sessions');
    await switcher(leo.page).click();
    expect(await leo.page.getByTestId(`workspace-option-${C}`).innerText()).toMatch(/Lighthouse Cafe\s*Manager/i);
    expect(await leo.page.getByTestId('workspace-option-default').innerText()).toMatch(/Default\s*Operator/i);
    await screenshot(leo.page, 'workspace-joined-from-invitation');
    await leo.context.close();
  }, 60_000);

  it('asks an invited operator who is signed out for their own password before they join', async () => {
    const { herald, url, browser } = env;
    const cookie = await adminCookie(url);
    const D = (await herald.api('POST', '/api/workspaces', { name: 'Quay Bakery' }, { authorization: '', cookie })).body.id as string;
    expect(
      (await herald.api('POST', '/api/operators', { email: 'ivy@example.test', name: 'Ivy', role: 'operator', password: 'ivy has a long password' })).status,
    ).toBe(201);
    const invited = await herald.api(
      'POST',
      '/api/invitations',
      { email: 'ivy@example.test', role: 'viewer' },
      { authorization: '', cookie, 'x-herald-workspace': D },
    );
    const token = new URL(invited.body.link as string).searchParams.get('token')!;

    const ivy = await newPage(browser);
    await ivy.page.goto(`${url}/invite?token=${token}`);
    const password = ivy.page.getByLabel('The password of ivy@example.test');
    await password.waitFor();
    await password.fill('not her password');
    await ivy.page.getByRole('button', { name: 'Join Quay Bakery' }).click();
    await expectText(ivy.page, /email or password is not correct/);
    await screenshot(ivy.page, 'workspace-invite-existing-operator-signed-out');
    await password.fill('ivy has a long password');
    await ivy.page.getByRole('button', { name: 'Join Quay Bakery' }).click();
    await menu(ivy.page).waitFor({ state: 'attached' });
    await expect.poll(() => switcher(ivy.page).innerText()).toContain('Quay Bakery');
    await ivy.context.close();
  }, 60_000);

  it("removes a member on the Team page, and refuses to remove the workspace's last admin", async () => {
    const { herald, url, browser } = env;
    const B = (await herald.api('GET', '/api/workspaces', undefined, { authorization: '', cookie: await adminCookie(url) })).body.items.find(
      (w: { name: string }) => w.name === 'Harbor Books',
    ) as { id: string };
    const admin = await newPage(browser);
    admin.page.on('dialog', (d) => void d.accept());
    await signIn(admin.page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await switchTo(admin.page, B.id, 'Harbor Books');
    await go(admin.page, '/team');
    const olgaRow = admin.page.getByTestId('member-olga@example.test');
    await olgaRow.getByRole('button', { name: 'Remove' }).click();
    await olgaRow.waitFor({ state: 'detached' });
    await admin.page.getByTestId(`member-${TEST_ADMIN.email}`).getByRole('button', { name: 'Remove' }).click();
    await admin.page.getByText(/last admin of the workspace/).waitFor();
    await screenshot(admin.page, 'workspace-last-admin-refused');
    expect(await admin.page.getByTestId(`member-${TEST_ADMIN.email}`).count()).toBe(1);
    const olga = (await herald.api('GET', '/api/operators')).body.items.find((o: { email: string }) => o.email === 'olga@example.test').id as string;
    const members = (await herald.api('GET', `/api/workspaces/${B.id}/members`, undefined, { authorization: '', cookie: await adminCookie(url) })).body.items;
    expect(members.map((m: { id: string }) => m.id)).not.toContain(olga);
    await admin.context.close();
  }, 60_000);
});
