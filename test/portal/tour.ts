/**
 * A walk over every portal page, for the first-use tests: seeds a workspace with something on
 * each page, then visits each page (in one light/dark/phone/Russian variant), checks that nothing
 * overflows sideways, and screenshots it.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import { eventually } from '../helpers/herald.js';
import type { PortalEnv } from './helpers.js';
import { go, screenshot } from './helpers.js';

export interface Seeded {
  agentId: string;
  sessionId: string;
  campaignId: string;
  skippedId: string;
  failedId: string;
}

/** Something on every page: an agent with a push configuration, a waiting conversation in Russian, deliveries of each kind, a campaign. */
export async function seed(env: PortalEnv, sinkUrl: string): Promise<Seeded> {
  const { herald } = env;
  const agentId = (await herald.api('POST', '/api/agents', { name: 'Помощник' })).body.id as string;
  const put = await herald.api('PUT', `/api/agents/${agentId}/push-config`, {
    enabled: true,
    url: sinkUrl,
    headers: [],
    events: ['session.started', 'message.user', 'session.transferred'],
  });
  expect(put.status).toBe(200);
  const { token } = (await herald.api('POST', '/api/customers/cus-anna/token', {})).body as { token: string };
  const asCustomer = { authorization: `Bearer ${token}` };
  const sessionId = (await herald.api('POST', '/api/sessions', { agentId, channel: 'mobile' }, asCustomer)).body.id as string;
  await herald.api('POST', `/api/sessions/${sessionId}/messages`, { text: 'Здравствуйте! Где мой заказ №1042?' }, asCustomer);
  await herald.api('POST', `/api/sessions/${sessionId}/transfer`, {});

  // A push to a customer with no registered devices: recorded as skipped, nothing to retry.
  const note = await herald.api('POST', '/api/notifications', { customerId: 'cus-nodevices', category: 'system', title: 'Заказ', body: 'Ваш заказ отправлен' });
  expect(note.status).toBe(202);
  // A webhook to a port nobody listens on, without retries: failed, worth retrying.
  const brokenAgent = (await herald.api('POST', '/api/agents', { name: 'Broken receiver' })).body.id as string;
  await herald.api('PUT', `/api/agents/${brokenAgent}/push-config`, {
    enabled: true,
    url: 'http://127.0.0.1:9/hook',
    headers: [],
    events: ['session.started'],
    retry: 'none',
  });
  await herald.api('POST', `/api/agents/${brokenAgent}/push-config/test`);

  const deliveries = async () =>
    (await herald.api('GET', '/api/deliveries?limit=100')).body.items as Array<{ id: string; status: string; reason: string | null; agentId: string | null }>;
  const skippedId = (await eventually(async () => (await deliveries()).find((d) => d.status === 'skipped' && /no registered devices/.test(d.reason ?? '')))).id;
  const failedId = (await eventually(async () => (await deliveries()).find((d) => d.status === 'failed' && d.agentId === brokenAgent))).id;

  const campaign = await herald.api('POST', '/api/campaigns', {
    name: 'Осенняя распродажа',
    audience: { customerIds: ['cus-anna', 'cus-boris'] },
    stages: [{ channel: 'telegram', agentId, text: 'Скидка 20% только сегодня' }],
  });
  expect(campaign.status).toBe(201);
  return { agentId, sessionId, campaignId: campaign.body.id, skippedId, failedId };
}

export function pages(s: Seeded): Array<[name: string, path: string, then?: (page: Page) => Promise<void>]> {
  return [
    ['sessions', '/sessions'],
    ['session', `/sessions/${s.sessionId}`],
    ['workspace', '/workspace'],
    ['agents', '/agents'],
    ['agent', `/agents/${s.agentId}`],
    ['deliveries', '/deliveries'],
    ['campaigns', '/campaigns'],
    ['campaign-new', '/campaigns/new'],
    ['campaign', `/campaigns/${s.campaignId}`],
    ['campaign-stages', `/campaigns/${s.campaignId}`, (page) => page.getByRole('tab').nth(1).click()],
    ['delivery-drawer', '/deliveries', (page) => page.locator(`[data-delivery-id="${s.failedId}"]`).getByRole('button').first().click()],
    ['settings-notifications', '/settings/notifications'],
    ['settings-channels', '/settings/channels'],
    ['profile', '/profile'],
  ];
}

/** Waits until the page has its heading and has finished loading what it shows. */
export async function settle(page: Page): Promise<void> {
  await page.locator('main h2').first().waitFor();
  await page
    .getByText(/^(Loading…|Загрузка…)$/)
    .first()
    .waitFor({ state: 'detached' });
}

export async function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate<number>('document.scrollingElement.scrollWidth - innerWidth');
}

/** Visits every page: no sideways overflow, and a screenshot named `${variant}-${page}`. */
export async function tour(page: Page, s: Seeded, variant: string): Promise<void> {
  for (const [name, path, then] of pages(s)) {
    await go(page, path);
    await settle(page);
    if (then) {
      await then(page);
      await settle(page);
    }
    expect({ page: name, overflows: (await horizontalOverflow(page)) > 0, clipped: await clippedBadges(page) }).toEqual({
      page: name,
      overflows: false,
      clipped: [],
    });
    await screenshot(page, `${variant}-${name}`);
  }
}

/** Badges whose label does not fit (Mantine would show "DELIV…"); a status must be read whole. */
export async function clippedBadges(page: Page): Promise<string[]> {
  return page.evaluate<string[]>(
    `[...document.querySelectorAll('.mantine-Badge-label')].filter((l) => l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent)`,
  );
}
