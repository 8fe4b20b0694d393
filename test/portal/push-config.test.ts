/**
 * An admin creates an agent's push configuration through the portal's window, with a secret
 * header; the API returns it masked, and a real session event reaches a loopback receiver with
 * that header. Also walks the agents and deliveries pages for screenshots.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/herald.js';
import { startSink as startScriptedSink } from '../helpers/sink.js';
import { type PortalEnv, TEST_ADMIN, apiAs, go, newPage, screenshot, signIn, startPortal, startSink } from './helpers.js';

describe('portal: agent push configuration', () => {
  let env: PortalEnv;
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeAll(async () => {
    [env, sink] = await Promise.all([startPortal(), startSink()]);
  });
  afterAll(async () => {
    await env?.close();
    await sink?.close();
  });

  it('saves a configuration with a secret header and delivers events with it', async () => {
    const { herald, url, browser } = env;
    const agent = (await herald.api('POST', '/api/agents', { name: 'Support bot' })).body as { id: string };
    const { context, page } = await newPage(browser);

    await page.goto(`${url}/`);
    await screenshot(page, 'login');
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);

    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Agents', exact: true }).click();
    // No hunting: an agent without a configuration offers "Set up" right in the list, and its
    // page shows the push card with no switch to find first.
    await page.locator('tr', { hasText: 'Support bot' }).getByRole('link', { name: 'Set up' }).click();
    await page.getByRole('heading', { name: 'Support bot' }).waitFor();
    await page.getByTestId('push-card').getByText('Not configured: no events are sent for this agent yet.').waitFor();
    expect(await page.getByRole('switch').count()).toBe(0);
    await screenshot(page, 'agent-page-unconfigured');
    await page.getByRole('button', { name: 'Set up push notifications' }).click();

    const dialog = page.getByRole('dialog', { name: 'Push Notification Configuration' });
    await dialog.waitFor();
    await dialog.getByLabel('URL').fill(sink.url);
    await dialog.getByRole('button', { name: 'Add Header' }).click();
    await dialog.getByLabel('Header name').fill('X-Api-Key');
    await dialog.getByLabel('Header value', { exact: true }).fill('s3cret-value');
    await dialog.getByLabel('Secret').check();
    await dialog.getByLabel('Transferred to Live Agent').check();
    await screenshot(page, 'agent-push-config-window');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });

    // Save in the window keeps a draft; only the page's Save sends it.
    expect((await herald.api('GET', `/api/agents/${agent.id}/push-config`)).status).toBe(404);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Agent saved.').waitFor();
    await page.getByText('Unsaved — press Save to apply').waitFor({ state: 'detached' });

    // The saved secret shows masked, and the test-send and rotation tools are there.
    const summary = page.getByTestId('push-config-summary');
    await summary.getByText('••••••••', { exact: true }).waitFor();
    expect(await summary.textContent()).not.toContain('s3cret-value');
    await page.getByRole('button', { name: 'Rotate signing secret' }).waitFor();
    await page.getByRole('button', { name: 'Send test event' }).click();
    await page.getByText('Test event delivered').waitFor();
    await screenshot(page, 'agent-page');

    const stored = await apiAs(context, url, 'GET', `/api/agents/${agent.id}/push-config`);
    expect(stored.body).toMatchObject({
      enabled: true,
      url: sink.url,
      headers: [{ name: 'X-Api-Key', secret: true, value: null }],
      events: expect.arrayContaining(['session.started', 'session.transferred']),
    });

    // A real session event reaches the receiver carrying the secret header.
    const session = (await herald.api('POST', '/api/sessions', { agentId: agent.id, channel: 'mobile' })).body as { id: string };
    const hit = await eventually(() => sink.requests.find((r) => r.body?.event === 'session.started' && r.body?.sessionId === session.id));
    expect(hit.headers['x-api-key']).toBe('s3cret-value');
    expect(hit.headers['webhook-signature']).toMatch(/^v1,/);

    // Re-saving without retyping the secret keeps it (value null on the wire).
    await page.getByRole('button', { name: 'Edit configuration' }).click();
    await dialog.getByLabel('User Message').check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Agent saved.').first().waitFor();
    await herald.api('POST', `/api/sessions/${session.id}/transfer`, {});
    const transferred = await eventually(() => sink.requests.find((r) => r.body?.event === 'session.transferred'));
    expect(transferred.headers['x-api-key']).toBe('s3cret-value');

    // The delivery console lists those deliveries, with their attempts.
    await go(page, '/deliveries');
    await page.getByRole('heading', { name: 'Deliveries' }).waitFor();
    await page.locator('[data-status="delivered"]').getByText('Delivered', { exact: true }).first().waitFor();
    // New deliveries appear live, without a reload.
    const rows = page.locator('tr[data-delivery-id]');
    const before = await rows.count();
    await herald.api('POST', '/api/sessions', { agentId: agent.id, channel: 'telegram' });
    await eventually(async () => (await rows.count()) > before);
    await screenshot(page, 'deliveries');
    await page.getByRole('button', { name: 'Details' }).first().click();
    await page.getByRole('dialog', { name: 'Delivery' }).getByText('Attempts').waitFor();
    await screenshot(page, 'delivery-detail');
    await page.keyboard.press('Escape');

    await go(page, '/agents');
    await page.getByText('Configured').waitFor();
    await screenshot(page, 'agents');
    await context.close();
  });

  it("tells the admin on the agent's page when its endpoint's circuit is open", async () => {
    const { herald, url, browser } = env;
    const failing = await startScriptedSink();
    failing.always({ status: 503, body: 'down' });
    try {
      const agent = (await herald.api('POST', '/api/agents', { name: 'Flaky bot' })).body as { id: string };
      await herald.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${failing.url}/hook`, headers: [], events: ['message.user'] });
      const session = (await herald.api('POST', '/api/sessions', { agentId: agent.id, channel: 'web', customerId: 'cust-flaky' })).body as { id: string };
      // Five first attempts failing in a row open the circuit (HERALD_CIRCUIT_FAILURES, 5).
      for (let i = 0; i < 5; i++) await herald.api('POST', `/api/sessions/${session.id}/messages`, { text: `m${i}`, role: 'user' });
      await eventually(async () => (await herald.api('GET', `/api/agents/${agent.id}/push-config`)).body.health.state === 'open');
      const { context, page } = await newPage(browser);
      await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
      await go(page, `/agents/${agent.id}`);
      const alert = page.getByTestId('endpoint-health');
      await alert.getByText(/Endpoint unreachable: Herald stopped sending after \d+ failures in a row/).waitFor();
      expect(await alert.getAttribute('data-state')).toBe('open');
      await screenshot(page, 'agent-endpoint-open');
      await context.close();
    } finally {
      await failing.close();
    }
  });
});
