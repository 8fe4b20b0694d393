/**
 * First use of the portal: a fresh install's empty lists say what to do next; status pills are
 * whole and Retry shows only where it can help; the portal follows the system's dark mode; it
 * works at phone width behind a burger; and it speaks Russian once the operator picks it in
 * Profile (dates and numbers too). Every page is screenshotted light, dark, at 375 px and in Russian.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { en } from '../../portal/src/i18n/en.js';
import { ru } from '../../portal/src/i18n/ru.js';
import type { Page } from 'playwright-core';
import { eventually } from '../helpers/herald.js';
import { type PortalEnv, TEST_ADMIN, apiAs, go, menu, newPage, screenshot, signIn, startPortal, startSink } from './helpers.js';
import { type Seeded, clippedBadges, horizontalOverflow, pages, seed, settle, tour } from './tour.js';

describe('portal: first use', () => {
  let env: PortalEnv;
  let sink: Awaited<ReturnType<typeof startSink>>;
  beforeAll(async () => {
    [env, sink] = await Promise.all([startPortal(), startSink()]);
  });
  afterAll(async () => {
    await env?.close();
    await sink?.close();
  });

  it('on a fresh install, every empty list says what to do next and links to it', { timeout: 30_000 }, async () => {
    const { url, browser } = env;
    const { context, page } = await newPage(browser);
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);

    await go(page, '/sessions');
    const sessions = page.getByTestId('empty-state');
    await sessions.getByRole('heading', { name: 'No conversations yet' }).waitFor();
    expect(await sessions.getByRole('link', { name: 'Create your first agent' }).getAttribute('href')).toBe('/agents');
    const docs = await sessions.getByRole('link', { name: 'API reference' }).getAttribute('href');
    // The reference the empty states point to is really served by this Herald.
    expect((await context.request.get(`${url}${docs}`)).status()).toBe(200);
    await screenshot(page, 'empty-sessions');

    await sessions.getByRole('link', { name: 'Create your first agent' }).click();
    await page.getByRole('heading', { name: 'No agents yet' }).waitFor();
    await page.getByRole('button', { name: 'Create your first agent' }).click();
    expect(await page.evaluate('document.activeElement?.placeholder')).toBe('Agent name');
    await screenshot(page, 'empty-agents');

    await go(page, '/deliveries');
    const deliveries = page.getByTestId('empty-state');
    await deliveries.getByRole('heading', { name: 'Nothing delivered yet' }).waitFor();
    expect(await deliveries.getByRole('link', { name: 'Set up push notifications' }).getAttribute('href')).toBe('/agents');
    await screenshot(page, 'empty-deliveries');

    await go(page, '/campaigns');
    const campaigns = page.getByTestId('empty-state');
    await campaigns.getByRole('heading', { name: 'No campaigns yet.' }).waitFor();
    expect(await campaigns.getByRole('link', { name: 'New campaign' }).getAttribute('href')).toBe('/campaigns/new');
    await screenshot(page, 'empty-campaigns');

    await go(page, '/workspace');
    await page.getByText('No conversation is waiting for a human.').waitFor();
    await page.getByText(/When an AI agent hands a conversation over/).waitFor();
    await screenshot(page, 'empty-workspace');
    await context.close();
  });

  describe('with a populated workspace', () => {
    let seeded: Seeded;
    beforeAll(async () => {
      seeded = await seed(env, sink.url);
    }, 30_000);

    it('shows whole status labels, and Retry only where another attempt could help', { timeout: 30_000 }, async () => {
      const { url, browser } = env;
      const { context, page } = await newPage(browser);
      await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
      await go(page, '/deliveries');
      const skipped = page.locator(`tr[data-delivery-id="${seeded.skippedId}"]`);
      const failed = page.locator(`tr[data-delivery-id="${seeded.failedId}"]`);
      await skipped.getByText('Skipped', { exact: true }).waitFor();
      await failed.getByText('Failed', { exact: true }).waitFor();
      await page.locator('[data-status="delivered"]').first().waitFor();
      // A push to a customer without devices would only be skipped again: no Retry.
      expect(await skipped.getByRole('button', { name: 'Retry' }).count()).toBe(0);
      expect(await failed.getByRole('button', { name: 'Retry' }).count()).toBe(1);
      // No pill is clipped ("DELIV…"): each label's text fits its box.
      expect(await clippedBadges(page)).toEqual([]);
      await screenshot(page, 'deliveries-actions');

      await skipped.getByRole('button', { name: 'Details' }).click();
      const drawer = page.getByRole('dialog', { name: 'Delivery' });
      await drawer.getByText('the recipient has no registered devices').waitFor();
      expect(await drawer.getByRole('button', { name: /Retry/ }).count()).toBe(0);
      await screenshot(page, 'delivery-drawer-skipped');
      await context.close();
    });

    it('light: every page', { timeout: 60_000 }, async () => {
      const { context, page } = await newPage(env.browser, { colorScheme: 'light' });
      await signIn(page, env.url, TEST_ADMIN.email, TEST_ADMIN.password);
      expect(await page.evaluate('document.documentElement.dataset.mantineColorScheme')).toBe('light');
      await tour(page, seeded, 'light');
      await context.close();
    });

    it('dark: follows the system, and the header toggle switches back to light', { timeout: 60_000 }, async () => {
      const { context, page } = await newPage(env.browser, { colorScheme: 'dark' });
      await page.goto(`${env.url}/`);
      await screenshot(page, 'dark-login');
      await signIn(page, env.url, TEST_ADMIN.email, TEST_ADMIN.password);
      expect(await page.evaluate('document.documentElement.dataset.mantineColorScheme')).toBe('dark');
      expect(await page.evaluate('getComputedStyle(document.body).backgroundColor')).not.toBe('rgb(255, 255, 255)');
      await tour(page, seeded, 'dark');

      await page.getByRole('button', { name: 'Switch to light mode' }).click();
      expect(await page.evaluate('document.documentElement.dataset.mantineColorScheme')).toBe('light');
      await page.getByRole('button', { name: 'Switch to dark mode' }).waitFor();
      await context.close();
    });

    it('phone width: the menu folds behind a burger and nothing overflows sideways', { timeout: 60_000 }, async () => {
      const { context, page } = await newPage(env.browser, { viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
      await page.goto(`${env.url}/`);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'phone-login');
      await signIn(page, env.url, TEST_ADMIN.email, TEST_ADMIN.password);

      await settle(page);
      expect(await menuOnScreen(page)).toBe(false);
      await page.getByRole('button', { name: 'Open or close the menu' }).click();
      await menu(page).getByRole('link', { name: 'Deliveries' }).click();
      await page.getByRole('heading', { name: 'Deliveries', level: 2 }).waitFor();
      // Choosing a page folds the menu away again.
      await eventually(async () => !(await menuOnScreen(page)));
      await page.getByRole('button', { name: 'Open or close the menu' }).click();
      await menu(page).getByRole('link', { name: 'Profile' }).waitFor();
      await screenshot(page, 'phone-menu-open');
      await page.getByRole('button', { name: 'Open or close the menu' }).click();

      await tour(page, seeded, 'phone');
      // Lists become cards: a delivery's Retry is on screen, not off to the right of a table.
      await go(page, '/deliveries');
      const retry = page.locator(`[data-delivery-id="${seeded.failedId}"]`).getByRole('button', { name: 'Retry' });
      const box = await retry.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 375).toBe(true);
      expect(await page.locator(`[data-delivery-id="${seeded.skippedId}"]`).getByRole('button', { name: 'Retry' }).count()).toBe(0);
      // The push configuration window fills the screen rather than spilling over it.
      await go(page, `/agents/${seeded.agentId}`);
      await page.getByRole('button', { name: 'Edit configuration' }).click();
      await page.getByRole('dialog', { name: 'Push Notification Configuration' }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'phone-push-config-window');
      await context.close();
    });

    it('Russian: picked in Profile, kept across reloads, with Russian dates; every page has no English left', { timeout: 60_000 }, async () => {
      const { context, page } = await newPage(env.browser);
      await signIn(page, env.url, TEST_ADMIN.email, TEST_ADMIN.password);
      await go(page, '/sessions');
      const started = page.locator(`tr[data-session-id="${seeded.sessionId}"] td`).nth(6);
      // English dates first: 12/1/26, 11:05:56 PM.
      expect(await started.textContent()).toMatch(/^\d{1,2}\/\d{1,2}\/\d{2}, \d{1,2}:\d{2}:\d{2}\s?[AP]M$/);

      await go(page, '/profile');
      await page.getByRole('combobox', { name: 'Language' }).click();
      await page.getByRole('option', { name: 'Русский' }).click();
      await page.getByRole('heading', { name: 'Профиль' }).waitFor();
      await menu(page).getByRole('link', { name: 'Сессии' }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('ru');

      await page.reload();
      await menu(page).getByRole('link', { name: 'Сессии' }).click();
      await page.getByRole('heading', { name: 'Сессии' }).waitFor();
      // Russian dates: 01.12.2026, 23:05:56.
      expect(await started.textContent()).toMatch(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}:\d{2}$/);
      await page.locator(`tr[data-session-id="${seeded.sessionId}"]`).getByText('Ожидает', { exact: true }).waitFor();

      await tour(page, seeded, 'ru');
      // Nothing on any page is left in English: no text equals an English catalogue string whose
      // Russian differs (names, ids and what the server sends, e.g. provider field labels, aside).
      const english = untranslated();
      // Data is not translated: the seeded admin is called "Admin", which is also a role's English label.
      english.delete(((await apiAs(context, env.url, 'GET', '/api/auth/me')).body.operator as { name: string }).name);
      const leftovers: Array<{ page: string; english: string[] }> = [];
      for (const [name, path, then] of pages(seeded)) {
        await go(page, path);
        await settle(page);
        if (then) {
          await then(page);
          await settle(page);
        }
        const texts = await page.evaluate<string[]>(
          `[...document.querySelectorAll('body *')].flatMap((el) => [...el.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent.trim()))` +
            `.concat([...document.querySelectorAll('input[placeholder], textarea[placeholder]')].map((el) => el.placeholder))`,
        );
        const found = texts.filter((s) => english.has(s));
        if (found.length > 0) leftovers.push({ page: name, english: found });
      }
      expect(leftovers).toEqual([]);
      await context.close();
    });

    it('a browser set to Russian gets the Russian portal from the sign-in page on', { timeout: 30_000 }, async () => {
      const { context, page } = await newPage(env.browser, { locale: 'ru-RU' });
      await page.goto(`${env.url}/`);
      await page.getByRole('heading', { name: 'Вход в Herald' }).waitFor();
      await screenshot(page, 'ru-login');
      await signIn(page, env.url, TEST_ADMIN.email, TEST_ADMIN.password);
      await menu(page).getByRole('link', { name: 'Доставки' }).click();
      await page.locator(`tr[data-delivery-id="${seeded.failedId}"]`).getByRole('button', { name: 'Повторить' }).waitFor();
      await context.close();
    });
  });
});

/** English catalogue strings (without placeholders) that read differently in Russian. */
function untranslated(): Set<string> {
  const out = new Set<string>();
  const walk = (a: Record<string, unknown>, b: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(a)) {
      if (typeof v === 'string') {
        if (v !== b[k] && !v.includes('{{')) out.add(v);
      } else walk(v as Record<string, unknown>, b[k] as Record<string, unknown>);
    }
  };
  walk(en, ru);
  return out;
}

/** Whether the main menu is on screen: folded on a phone, Mantine slides it out of view rather than hiding it. */
async function menuOnScreen(page: Page): Promise<boolean> {
  const box = await menu(page).boundingBox();
  return box !== null && box.x + box.width > 1;
}
