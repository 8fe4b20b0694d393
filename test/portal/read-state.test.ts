/**
 * Read state across an operator's devices: the Human Agents sound loop and the conversation's
 * browser notifications stop on every device once the operator reads it on one of them; the
 * escalation ladder and quiet hours are set in the portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/herald.js';
import { type PortalEnv, TEST_ADMIN, apiAs, go, menu, newPage, screenshot, signIn, startPortal } from './helpers.js';

describe('portal: read state', () => {
  let env: PortalEnv;
  beforeAll(async () => {
    env = await startPortal();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('reading a conversation on one device stops the sound loop and closes its notifications on the other', async () => {
    const { herald, url, browser } = env;
    const agent = (await herald.api('POST', '/api/agents', { name: 'Desk bot' })).body as { id: string };
    const dept = (await herald.api('POST', '/api/departments', { name: 'Desk' })).body as { id: string };
    const { token } = (await herald.api('POST', '/api/customers/cus-read/token', {})).body as { token: string };
    const asCustomer = { authorization: `Bearer ${token}` };
    const session = (await herald.api('POST', '/api/sessions', { agentId: agent.id, channel: 'web' }, asCustomer)).body as { id: string };
    await herald.api('POST', `/api/sessions/${session.id}/transfer`, { departmentId: dept.id });

    // Device A: the laptop, on the Human Agents page with the looping alert on, notifications allowed.
    const a = await newPage(browser, { permissions: ['notifications'] });
    await signIn(a.page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await apiAs(a.context, url, 'PATCH', `/api/operators/${(await apiAs(a.context, url, 'GET', '/api/auth/me')).body.operator.id}`, {
      profile: { soundAlerts: true, soundLoop: true },
    });
    await a.page.reload();
    await menu(a.page)
      .getByRole('link', { name: /^Human Agents/ })
      .click();
    await a.page.getByRole('heading', { name: 'Human Agents' }).waitFor();
    // The notification the service worker shows for a Web Push about this conversation carries its id as tag.
    await a.page.evaluate(`(async () => {
      const reg = await navigator.serviceWorker.register('/sw.js', { scope: '/' });
      await navigator.serviceWorker.ready;
      await reg.showNotification('Herald', { body: 'New message: Anyone there?', tag: ${JSON.stringify(session.id)} });
    })()`);
    expect(await a.page.evaluate(`navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((n) => n.map((x) => x.tag))`)).toEqual([session.id]);

    const badge = menu(a.page).getByTestId('workspace-badge');
    await herald.api('POST', `/api/sessions/${session.id}/messages`, { text: 'Anyone there?' }, asCustomer);
    await eventually(async () => (await badge.getAttribute('data-alerting')) === session.id);

    // Device B: the phone, opens the conversation.
    const b = await newPage(browser);
    await signIn(b.page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await go(b.page, `/sessions/${session.id}`);
    await b.page.getByText('Anyone there?').waitFor();

    // On A the alert stops and the notification is gone, without anyone touching A.
    await eventually(async () => (await badge.getAttribute('data-alerting')) === '');
    await eventually(
      async () => (await a.page.evaluate<number>(`navigator.serviceWorker.ready.then((r) => r.getNotifications()).then((n) => n.length)`)) === 0,
    );

    // The next message alerts again; answering it from B (posting reads) silences A too.
    await herald.api('POST', `/api/sessions/${session.id}/messages`, { text: 'Still there?' }, asCustomer);
    await b.page.getByText('Still there?').waitFor();
    // B shows it, so B's receipt already covers it: A does not start looping, or stops at once.
    await eventually(async () => (await badge.getAttribute('data-alerting')) === '');
    await a.context.close();
    await b.context.close();
  });

  it('Settings > Notifications shows the escalation ladder as steps with delays; Profile sets quiet hours', async () => {
    const { herald, url, browser } = env;
    await herald.api('PUT', '/api/settings/escalation', {
      customers: [
        { channel: 'push', afterSeconds: 0 },
        { channel: 'email', afterSeconds: 300 },
        { channel: 'sms', afterSeconds: 3600 },
      ],
      operators: [
        { channel: 'webpush', afterSeconds: 0 },
        { channel: 'email', afterSeconds: 90 },
      ],
    });
    const { context, page } = await newPage(browser);
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await go(page, '/settings/notifications');
    const card = page.getByTestId('escalation-card');
    await card.getByText('Escalation ladder').waitFor();
    const customers = card.getByTestId('ladder-customers').getByTestId('ladder-step-text');
    await eventually(async () => (await customers.count()) === 3);
    expect(await customers.allTextContents()).toEqual(['Push · at once', 'Email · after 5 min', 'SMS · after 1 h']);
    expect(await card.getByTestId('ladder-operators').getByTestId('ladder-step-text').allTextContents()).toEqual([
      'Browser push · at once',
      'Email · after 1 min 30 s',
    ]);
    // Remove the SMS step and save: the server has two customer steps.
    await card.getByTestId('ladder-customers').getByRole('button', { name: 'Remove step' }).last().click();
    await card.getByRole('button', { name: 'Save ladder' }).click();
    await page.getByText('Escalation ladder saved.').waitFor();
    expect((await herald.api('GET', '/api/settings/escalation')).body.customers).toEqual([
      { channel: 'push', afterSeconds: 0 },
      { channel: 'email', afterSeconds: 300 },
    ]);
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, 'escalation-ladder');

    await go(page, '/profile');
    const quiet = page.getByTestId('quiet-hours-card');
    await quiet.getByRole('switch', { name: 'Hold notifications during quiet hours' }).check();
    await quiet.getByLabel('From').fill('21:30');
    await quiet.getByLabel('To').fill('06:45');
    await quiet.getByRole('combobox', { name: 'Time zone' }).fill('Europe/Lisbon');
    await page.getByRole('option', { name: 'Europe/Lisbon' }).click();
    await quiet.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Quiet hours saved.').waitFor();
    const me = (await apiAs(context, url, 'GET', '/api/auth/me')).body.operator;
    expect(me).toMatchObject({ timezone: 'Europe/Lisbon', quietHours: { start: '21:30', end: '06:45' } });
    await screenshot(page, 'quiet-hours');
    await context.close();
  });
});
