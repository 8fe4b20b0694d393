/**
 * Human Agents workspace: the menu badge follows transfers live, the tab icon carries a red dot
 * while the tab is hidden and a conversation waits; the session view replies, assigns, resolves.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/herald.js';
import { type PortalEnv, TEST_ADMIN, go, menu, newPage, screenshot, signIn, startPortal } from './helpers.js';

// The page's visibility is emulated: headless chromium keeps every tab "visible", so the test
// overrides document.visibilityState and fires the event the portal listens to.
const setVisibility = (page: Page, state: 'hidden' | 'visible') =>
  page.evaluate(
    `Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => '${state}' });
     document.dispatchEvent(new Event('visibilitychange'))`,
  );
const faviconHref = (page: Page) => page.evaluate<string>(`document.querySelector('link[rel="icon"]').getAttribute('href')`);
const badge = (page: Page) => menu(page).getByTestId('workspace-badge');
// Sound cannot be looked at; count the chimes the portal synthesizes (two oscillators each).
const COUNT_CHIMES = `window.__oscillators = 0;
  const create = AudioContext.prototype.createOscillator;
  AudioContext.prototype.createOscillator = function () { window.__oscillators++; return create.call(this); };`;
const chimes = async (page: Page) => Math.floor((await page.evaluate<number>('window.__oscillators')) / 2);
// A repeating timer whose run made a chime is the alert loop; it is armed until cleared. Waiting
// for none to be armed shows the loop stopped, without waiting out its period.
const TRACK_CHIME_LOOPS = `window.__chimeLoops = new Set();
  const setI = window.setInterval, clearI = window.clearInterval;
  window.setInterval = function (fn, ms, ...args) {
    if (typeof fn !== 'function') return setI.call(window, fn, ms, ...args);
    const id = setI.call(window, function () {
      const before = window.__oscillators;
      fn.apply(this, arguments);
      if (window.__oscillators > before) window.__chimeLoops.add(id);
    }, ms, ...args);
    return id;
  };
  window.clearInterval = function (id) { window.__chimeLoops.delete(id); return clearI.call(window, id); };`;
const chimeLoopsArmed = async (page: Page) => page.evaluate<number>('window.__chimeLoops.size');

describe('portal: Human Agents workspace', () => {
  let env: PortalEnv;
  beforeAll(async () => {
    env = await startPortal();
  });
  afterAll(async () => {
    await env?.close();
  });

  it('updates the badge live and marks the tab icon while a conversation waits', async () => {
    const { herald, url, browser } = env;
    const agent = (await herald.api('POST', '/api/agents', { name: 'Billing bot' })).body as { id: string };
    const dept = (await herald.api('POST', '/api/departments', { name: 'Billing' })).body as { id: string };
    const { token } = (await herald.api('POST', '/api/customers/cus-1/token', {})).body as { token: string };
    const asCustomer = { authorization: `Bearer ${token}` };
    const session = (await herald.api('POST', '/api/sessions', { agentId: agent.id, channel: 'mobile' }, asCustomer)).body as { id: string };
    await herald.api('POST', `/api/sessions/${session.id}/messages`, { text: 'Hello, how can I help?', role: 'assistant' });

    const { context, page } = await newPage(browser);
    await context.addInitScript(COUNT_CHIMES);
    await context.addInitScript(TRACK_CHIME_LOOPS);
    await signIn(page, url, TEST_ADMIN.email, TEST_ADMIN.password);
    await menu(page)
      .getByRole('link', { name: /^Human Agents/ })
      .click();
    await page.getByRole('heading', { name: 'Human Agents' }).waitFor();
    await eventually(async () => (await badge(page).textContent()) === '0');
    expect(await faviconHref(page)).toBe('/favicon.svg');

    // A transfer elsewhere (the AI hands over) shows up without a reload.
    await herald.api('POST', `/api/sessions/${session.id}/transfer`, { departmentId: dept.id });
    await eventually(async () => (await badge(page).textContent()) === '1');
    await page.locator(`tr[data-session-id="${session.id}"]`).locator('[data-status="waiting"]').waitFor();
    await screenshot(page, 'workspace');

    await setVisibility(page, 'hidden');
    await eventually(async () => (await faviconHref(page)) === '/favicon-dot.svg');
    await setVisibility(page, 'visible');
    await eventually(async () => (await faviconHref(page)) === '/favicon.svg');

    // Hidden again: the dot is there; the tab comes back in front: it goes.
    await setVisibility(page, 'hidden');
    await eventually(async () => (await faviconHref(page)) === '/favicon-dot.svg');
    await setVisibility(page, 'visible');
    await eventually(async () => (await faviconHref(page)) === '/favicon.svg');

    // Sound alerts set to loop (Profile): a customer message chimes again and again until the
    // conversation is opened.
    await go(page, '/profile');
    await page.getByRole('switch', { name: 'Repeat the sound until the conversation is opened' }).check();
    await eventually(async () => (await herald.api('GET', '/api/operators')).body.items.some((o: any) => o.profile.soundLoop));
    await go(page, '/workspace');
    await herald.api('POST', `/api/sessions/${session.id}/messages`, { text: 'Anyone there?' }, asCustomer);
    await eventually(async () => (await chimes(page)) >= 2, 8000);
    expect(await chimeLoopsArmed(page)).toBe(1); // the second chime came from the loop

    // Take it, reply, and resolve it from the session view.
    await page.locator(`tr[data-session-id="${session.id}"]`).getByRole('button', { name: 'Take' }).click();
    await page.getByRole('heading', { name: 'Session' }).waitFor();
    await page.getByText('Hello, how can I help?').waitFor();
    const heard = await chimes(page);
    await eventually(async () => (await chimeLoopsArmed(page)) === 0); // the loop is stopped, not merely between chimes
    expect(await chimes(page)).toBe(heard);
    await page.getByRole('textbox', { name: 'Reply' }).fill('Hi, this is Admin from Billing.');
    await page.getByRole('button', { name: 'Send' }).click();
    // The reply shows in the conversation (it may come over the live stream before the send
    // returns, while the box still holds it), then the box is emptied.
    const conversation = page.getByLabel('Conversation', { exact: true });
    await conversation.getByText('Hi, this is Admin from Billing.').waitFor();
    await eventually(async () => (await page.getByRole('textbox', { name: 'Reply' }).inputValue()) === '');
    // The customer's answer arrives live in the open conversation.
    await herald.api('POST', `/api/sessions/${session.id}/messages`, { text: 'My invoice is wrong' }, asCustomer);
    await conversation.getByText('My invoice is wrong').waitFor();
    await screenshot(page, 'session');
    expect(await badge(page).textContent()).toBe('1');
    // Assigned, nothing waits: no dot even in the background.
    await setVisibility(page, 'hidden');
    // The icon follows the visibilitychange event synchronously: it has been decided already.
    expect(await faviconHref(page)).toBe('/favicon.svg');
    await setVisibility(page, 'visible');

    // Transfer back to the department's queue from the session view: waiting again.
    await page.getByRole('button', { name: 'Transfer' }).click();
    const transfer = page.getByRole('dialog', { name: 'Transfer conversation' });
    await transfer.getByRole('combobox', { name: 'Department' }).click();
    await page.getByRole('option', { name: 'Billing' }).click();
    await transfer.getByRole('button', { name: 'Transfer' }).click();
    await page.getByText('Conversation transferred.').waitFor();
    await page.locator('[data-status="waiting"]').getByText('Waiting', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Assign to me' }).waitFor();
    expect(await badge(page).textContent()).toBe('1');

    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.locator('[data-status="resolved"]').getByText('Resolved', { exact: true }).waitFor();
    await eventually(async () => (await badge(page).textContent()) === '0');

    // The sessions list filters by channel, Mobile included.
    await go(page, '/sessions');
    await page.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'Mobile' }).click();
    await page.locator(`tr[data-session-id="${session.id}"]`).waitFor();
    await page.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'Telegram' }).click();
    await page.getByText('No sessions match these filters.').waitFor();
    await page.getByRole('combobox', { name: 'Channel' }).click();
    await page.getByRole('option', { name: 'Mobile' }).click();
    await page.locator(`tr[data-session-id="${session.id}"]`).waitFor();
    await screenshot(page, 'sessions');
    await context.close();
  });
});
