/**
 * "Why?" and delivery analytics in the portal (CONTRACT §13), in Chromium: a first customer
 * message with two operators, one online and one offline with email; the drawer on the delivery
 * and on the message lists both with what Herald decided and why; the Deliveries page charts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { eventually } from '../helpers/herald.js';
import { openStream } from '../helpers/sse.js';
import { type PortalEnv, TEST_ADMIN, go, menu, newPage, screenshot, signIn, startPortal } from './helpers.js';

describe('portal: why? and analytics', () => {
  let env: PortalEnv;
  const smtp = new SmtpFake();
  beforeAll(async () => {
    await smtp.start();
    env = await startPortal({ env: { SMTP_URL: smtp.url(), SMTP_FROM: 'Herald <herald@example.test>', HERALD_BOT_GRACE_S: '0' } });
  });
  afterAll(async () => {
    await env?.close();
    await smtp.close();
  });

  it('explains a first customer message on the delivery and on the message, and draws the charts', async () => {
    const { herald: h, url, browser } = env;
    const dep = (await h.api('POST', '/api/departments', { name: 'Billing' })).body.id;
    const operator = async (name: string) => {
      const email = `${name.toLowerCase()}@example.test`;
      const res = await h.api('POST', '/api/operators', { email, name, role: 'operator', password: 'password-123', departmentIds: [dep] });
      expect(res.status).toBe(201);
      return { id: res.body.id as string, email };
    };
    const away = await operator('Avery');
    const here = await operator('Harper');
    // Harper has the portal open (a live stream): online.
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: here.email, password: 'password-123' }),
    });
    const stream = await openStream(`${url}/api/stream`, { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0]! });
    await stream.next((e) => e.event === 'badge');
    const agentId = (await h.api('POST', '/api/agents', { name: 'Helper bot' })).body.id;
    await h.api('PUT', '/api/customers/cust-why', { name: 'Dana Customer', email: 'dana@example.test' });
    const sid = (await h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId: 'cust-why' })).body.id;
    await h.api('POST', `/api/sessions/${sid}/transfer`, { departmentId: dep });
    await h.api('POST', `/api/sessions/${sid}/messages`, { text: 'My invoice is wrong', role: 'user' });
    const rows = await eventually(async () => {
      const items = (await h.api('GET', `/api/deliveries?sessionId=${sid}&channel=email`)).body.items as any[];
      return items.length === 2 && items.every((d) => d.status === 'delivered' || d.status === 'skipped') && items;
    });
    stream.close();
    const sent = rows.find((d) => d.target === away.email)!;
    expect(sent.status).toBe('delivered');

    const { page } = await newPage(browser);
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await menu(page).getByText('Deliveries').click();
    const charts = page.getByTestId('delivery-charts');
    await charts.getByText('Volume by status').waitFor();
    const total = (await h.api('GET', '/api/analytics/deliveries?bucket=hour')).body.total as number;
    await charts.getByTestId('analytics-total').getByText(`Deliveries: ${total}`).waitFor();
    expect(total).toBe((await h.api('GET', '/api/deliveries?limit=200')).body.items.length);
    // recharts draws SVG: bars for the volume, a point per bucket on the latency line.
    await charts.locator('.recharts-bar-rectangle path').first().waitFor();
    await charts.locator('.recharts-line-dot').first().waitFor();
    await charts.getByTestId('by-destination').getByText('email', { exact: true }).waitFor();
    await charts.getByText('Last 7 days', { exact: true }).click();
    expect(await charts.getByRole('radio', { name: 'Last 7 days' }).isChecked()).toBe(true);
    await charts.getByTestId('analytics-total').getByText(`Deliveries: ${total}`).waitFor();
    await screenshot(page, 'deliveries-analytics');

    // "Why?" on Avery's email delivery.
    await page.locator(`[data-delivery-id="${sent.id}"]`).getByRole('button', { name: 'Why?' }).click();
    const drawer = page.getByTestId('explain');
    await checkDrawer(drawer);
    await screenshot(page, 'explain-delivery');
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'detached' });

    // "Why?" on the customer's message in the session.
    await go(page, `/sessions/${sid}`);
    await page.getByText('My invoice is wrong').waitFor();
    await page.getByRole('button', { name: 'Why?' }).first().click();
    await checkDrawer(page.getByTestId('explain'));
    await screenshot(page, 'explain-message');

    async function checkDrawer(d: ReturnType<typeof page.getByTestId>) {
      const avery = d.locator(`[data-recipient="${away.id}"]`).filter({ hasText: 'email' });
      await avery.getByText('Sent', { exact: true }).waitFor();
      await avery.getByText(/in this conversation's audience and were offline/).waitFor();
      const harper = d.locator(`[data-recipient="${here.id}"]`).filter({ hasText: 'email' });
      await harper.getByText('Not sent', { exact: true }).waitFor();
      await harper.getByText(/They were online, so they saw it live/).waitFor();
      expect(await avery.getAttribute('data-decision')).toBe('sent');
      expect(await harper.getAttribute('data-decision')).toBe('skipped');
      // The admin is outside the Billing department: named too, with the reason.
      await d
        .getByText(/Not a member of this conversation's department/)
        .first()
        .waitFor();
    }
  });
});
