/**
 * An admin builds a two-stage campaign in the portal — a Mobile Push stage, for which only agents
 * with a push configuration are offered, then a Telegram stage — starts it, and watches the
 * Stages tab count every participant as sent. The push stage's messages reach the agent's
 * loopback receiver.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/herald.js';
import { type PortalEnv, TEST_ADMIN, apiAs, go, menu, newPage, screenshot, signIn, startPortal, startSink } from './helpers.js';

const PARTICIPANTS = ['camp-ana', 'camp-ben', 'camp-cleo'];

/** Closes the toasts, which would otherwise cover the header in screenshots. */
async function dismissToasts(page: Page): Promise<void> {
  const close = page.locator('.mantine-Notification-closeButton');
  // Toasts may be sliding in or closing on their own: click without waiting for them to settle.
  for (const button of await close.all()) await button.click({ force: true, timeout: 1000 }).catch(() => undefined);
  await eventually(async () => (await close.count()) === 0);
}

describe('portal: campaigns', () => {
  let env: PortalEnv;
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeAll(async () => {
    [env, sink] = await Promise.all([startPortal(), startSink()]);
  });
  afterAll(async () => {
    await env?.close();
    await sink?.close();
  });

  it('creates a Mobile Push + Telegram campaign, starts it and shows its progress', { timeout: 30_000 }, async () => {
    const { herald, url, browser } = env;
    const pushAgent = (await herald.api('POST', '/api/agents', { name: 'Promo push' })).body.id as string;
    const plainAgent = (await herald.api('POST', '/api/agents', { name: 'Plain bot' })).body.id as string;
    const configured = await herald.api('PUT', `/api/agents/${pushAgent}/push-config`, {
      enabled: true,
      url: sink.url,
      headers: [],
      events: ['message.assistant'],
    });
    expect(configured.status).toBe(200);

    const { context, page } = await newPage(browser);
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await menu(page).getByRole('link', { name: 'Campaigns', exact: true }).click();
    await page.getByRole('heading', { name: 'Campaigns', exact: true }).waitFor();
    await page.getByText('No campaigns yet.').waitFor();
    await page.getByRole('link', { name: 'New campaign' }).click();
    await page.getByRole('heading', { name: 'New campaign' }).waitFor();

    // Overview: name and an audience of ids, mixed separators; unknown customers are fine.
    await page.getByRole('textbox', { name: 'Name' }).fill('Spring sale');
    await page.getByRole('textbox', { name: 'Customer ids' }).fill(`${PARTICIPANTS[0]}\n${PARTICIPANTS[1]}, ${PARTICIPANTS[2]}`);
    await page.getByText('Customers: 3').waitFor();

    await page.getByRole('tab', { name: 'Stages' }).click();
    const first = page.getByTestId('stage-0');
    // Stage 1 is Mobile Push: the agent select offers only the agent with a push configuration.
    expect(await first.getByRole('combobox', { name: 'Channel' }).inputValue()).toBe('Mobile Push');
    await first.getByText('Mobile push is configured on the agent (Agents › agent › Push notifications)').waitFor();
    await first.getByRole('combobox', { name: 'Agent' }).click();
    const offered = page.getByRole('listbox');
    await offered.getByRole('option', { name: 'Promo push' }).waitFor();
    expect(await offered.getByRole('option').allTextContents()).toEqual(['Promo push']);
    await offered.getByRole('option', { name: 'Promo push' }).click();
    await first.getByRole('textbox', { name: 'Message' }).fill('Spring sale: 20% off today');

    // Stage 2 is Telegram, right after stage 1: every agent is offered.
    await page.getByRole('button', { name: 'Add stage' }).click();
    const second = page.getByTestId('stage-1');
    await second.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'Telegram' }).click();
    await second.getByRole('combobox', { name: 'Agent' }).click();
    await offered.getByRole('option', { name: 'Plain bot' }).waitFor();
    expect((await offered.getByRole('option').allTextContents()).sort()).toEqual(['Plain bot', 'Promo push']);
    await offered.getByRole('option', { name: 'Plain bot' }).click();
    await second.getByRole('textbox', { name: 'Message' }).fill('Reply here if you have questions');
    await second.getByRole('textbox', { name: 'Delay after previous stage' }).fill('0');

    await screenshot(page, 'campaign-new-stages');
    await page.getByRole('button', { name: 'Create campaign' }).click();
    await page.getByText('Campaign created.').waitFor();
    await page.getByRole('heading', { name: 'Spring sale' }).waitFor();
    const id = new URL(page.url()).pathname.split('/').pop()!;
    expect(id).toMatch(/^cmp_/);
    const saved = await apiAs(context, url, 'GET', `/api/campaigns/${id}`);
    expect(saved.body).toMatchObject({
      status: 'draft',
      audience: { customerIds: PARTICIPANTS },
      stages: [
        { channel: 'mobile_push', agentId: pushAgent, text: 'Spring sale: 20% off today', delaySeconds: 0 },
        { channel: 'telegram', agentId: plainAgent, text: 'Reply here if you have questions', delaySeconds: 0 },
      ],
    });

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await page.getByText('Campaign started.').waitFor();
    await page.getByTestId('participants').getByText('3', { exact: true }).waitFor();

    // Progress arrives by polling: both stages reach every participant, and the campaign completes.
    await page.getByRole('tab', { name: 'Stages' }).click();
    for (const i of [0, 1]) {
      const progress = page.getByTestId(`stage-progress-${i}`);
      await progress.getByText('Sent 3', { exact: true }).waitFor();
      await progress.getByText('3 / 3 done').waitFor();
    }
    await page.locator('[data-status="completed"]').getByText('Completed', { exact: true }).first().waitFor();
    // Finished campaigns are read-only.
    expect(await page.getByRole('button', { name: 'Add stage' }).count()).toBe(0);
    await dismissToasts(page);
    await screenshot(page, 'campaign-stages');

    // The Mobile Push stage travelled through the agent's push configuration.
    await eventually(() => sink.requests.filter((r) => r.body?.event === 'message.assistant').length >= PARTICIPANTS.length);

    await page.getByRole('tab', { name: 'Overview' }).click();
    await page.getByRole('textbox', { name: 'Name' }).waitFor();
    expect(await page.getByRole('button', { name: 'Start', exact: true }).count()).toBe(0);
    await screenshot(page, 'campaigns');

    await go(page, '/campaigns');
    await page.locator(`tr[data-campaign-id="${id}"]`).getByText('6 / 6 sent').waitFor();
    await screenshot(page, 'campaigns-list');
    await context.close();
  });

  it("shows the server's refusal as a toast, read-only to viewers, and not at all to operators", { timeout: 30_000 }, async () => {
    const { herald, url, browser } = env;
    const agent = (await herald.api('POST', '/api/agents', { name: 'Short-lived push' })).body.id as string;
    await herald.api('PUT', `/api/agents/${agent}/push-config`, { enabled: true, url: sink.url, headers: [], events: ['message.assistant'] });
    const draft = await herald.api('POST', '/api/campaigns', {
      name: 'Autumn draft',
      audience: { where: { locale: 'de' } },
      stages: [{ channel: 'mobile_push', agentId: agent, text: 'Herbst' }],
    });
    expect(draft.status).toBe(201);
    // The configuration goes away after the draft named the agent: the server now refuses the stage.
    expect((await herald.api('DELETE', `/api/agents/${agent}/push-config`)).status).toBe(204);

    const admin = await newPage(browser);
    await signIn(admin.page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await go(admin.page, `/campaigns/${draft.body.id}`);
    await admin.page.getByRole('heading', { name: 'Autumn draft' }).waitFor();
    expect(await admin.page.getByRole('textbox', { name: 'Locale' }).inputValue()).toBe('de');
    await admin.page.getByRole('tab', { name: 'Stages' }).click();
    const stage = admin.page.getByTestId('stage-0');
    await stage.getByText('This agent has no push notification configuration.').waitFor();
    await stage.getByRole('textbox', { name: 'Message' }).fill('Herbst-Angebote');
    await admin.page.getByRole('button', { name: 'Save', exact: true }).click();
    await admin.page.getByText(/Stage 1: a Mobile Push stage needs an agent with a push notification configuration/).waitFor();
    expect((await herald.api('GET', `/api/campaigns/${draft.body.id}`)).body.stages[0].text).toBe('Herbst');
    await admin.context.close();

    const viewer = { email: 'camp-viewer@example.test', name: 'Vic Viewer', role: 'viewer', password: 'viewer-password-123' };
    const operator = { email: 'camp-operator@example.test', name: 'Opal Operator', role: 'operator', password: 'operator-password-123' };
    for (const o of [viewer, operator]) expect((await herald.api('POST', '/api/operators', o)).status).toBe(201);

    const v = await newPage(browser);
    await signIn(v.page, url, viewer.email, viewer.password);
    await menu(v.page).getByRole('link', { name: 'Campaigns', exact: true }).click();
    await v.page.getByRole('link', { name: 'Autumn draft' }).click();
    await v.page.getByRole('heading', { name: 'Autumn draft' }).waitFor();
    expect(await v.page.getByRole('textbox', { name: 'Name' }).getAttribute('readonly')).not.toBeNull();
    for (const name of ['Save', 'Start', 'Cancel campaign']) expect(await v.page.getByRole('button', { name, exact: true }).count()).toBe(0);
    await go(v.page, '/campaigns');
    await v.page.getByRole('link', { name: 'Autumn draft' }).waitFor();
    expect(await v.page.getByRole('link', { name: 'New campaign' }).count()).toBe(0);
    await v.context.close();

    const op = await newPage(browser);
    await signIn(op.page, url, operator.email, operator.password);
    expect(await menu(op.page).getByRole('link', { name: 'Campaigns', exact: true }).count()).toBe(0);
    await go(op.page, '/campaigns');
    await op.page.getByText('Your role (operator) may not use this page.').waitFor();
    await op.context.close();
  });
});
