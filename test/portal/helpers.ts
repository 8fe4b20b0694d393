/**
 * Shared pieces of the portal's browser tests: a real Herald serving the built portal, Debian's
 * chromium driven by playwright-core, sign-in, screenshots.
 *
 * This file is compiled by the root tsconfig, which has no DOM lib: code that runs in the page is
 * passed to page.evaluate as a string.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { expect } from 'vitest';
import { TEST_ADMIN, type TestHerald, startHerald } from '../helpers/herald.js';

export { TEST_ADMIN };
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const DIST = path.resolve('portal/dist');
export const SCREENSHOTS = path.resolve('test-output/screenshots');

export interface PortalEnv {
  herald: TestHerald;
  /** Where the portal is served (the Herald server itself). */
  url: string;
  browser: Browser;
  close(): Promise<void>;
}

export async function startPortal(opts: { env?: Record<string, string> } = {}): Promise<PortalEnv> {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) {
    throw new Error(`The portal is not built (${DIST}/index.html is missing). Run \`npm run build\` before the browser tests.`);
  }
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`No chromium at ${CHROMIUM}. Install Debian's chromium (apt-get install -y chromium) or set CHROMIUM_PATH.`);
  }
  // A browser tour clicks through every page many times a minute, faster than a person; the
  // per-operator and per-address limits are tested on their own (test/hardening/rate-limits).
  const herald = await startHerald({ env: { HERALD_RATE_LIMIT_PER_MIN: '0', ...opts.env } });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
    headless: true,
  });
  return {
    herald,
    url: herald.url,
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      await herald.close();
    },
  };
}

/**
 * A page with the viewport every screenshot uses. Unless `notificationsPrompt`, the one-time
 * "Enable notifications" dialog counts as already answered, so it does not cover other tests.
 */
export async function newPage(
  browser: Browser,
  opts: Parameters<Browser['newContext']>[0] & { notificationsPrompt?: boolean } = {},
): Promise<{ context: BrowserContext; page: Page }> {
  const { notificationsPrompt, ...contextOpts } = opts;
  const context = await browser.newContext({ viewport: { width: 1366, height: 860 }, ...contextOpts });
  if (!notificationsPrompt) await context.addInitScript(`localStorage.setItem('herald.enableNotificationsPrompted', 'test')`);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { context, page };
}

/** Signs in through the form; by field type rather than label, so it works in any portal language. */
/** The instance admin's login cookie, for API calls made around a browser test. */
export async function adminCookie(url: string): Promise<string> {
  const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(TEST_ADMIN) });
  return login.headers
    .getSetCookie()
    .find((c) => c.startsWith('herald_session='))!
    .split(';')[0]!;
}

export async function signIn(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.locator('input[autocomplete="username"]').fill(email);
  await page.locator('input[autocomplete="current-password"]').fill(password);
  await page.locator('button[type="submit"]').click();
  await menu(page).waitFor({ state: 'attached' });
}

/** Client-side navigation, as a click on a menu item would do (no reload, the live stream stays open). */
export async function go(page: Page, to: string): Promise<void> {
  await page.evaluate(`history.pushState(null, '', ${JSON.stringify(to)}); dispatchEvent(new PopStateEvent('popstate'))`);
}

export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  // Let transitions (modals, toasts) finish so the picture shows what a user sees.
  // (Endless ones — a spinner, a pulsing dot — are left running.)
  await page.evaluate(`Promise.all(document.getAnimations()
    .filter((a) => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
    .map((a) => a.finished.catch(() => undefined)))`);
  // Fixed header and menu are drawn where the viewport is: from the top, they sit in place.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** Fetch with the browser's login cookie, to check what the API says after the UI acted. */
export async function apiAs(context: BrowserContext, baseUrl: string, method: string, p: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await context.request.fetch(`${baseUrl}${p}`, { method, data: body });
  const text = await res.text();
  return { status: res.status(), body: text ? JSON.parse(text) : undefined };
}

/** The main menu, whatever its (translated) label; at phone width it is folded behind the burger. */
export const menu = (page: Page) => page.getByTestId('main-menu');

export async function expectText(page: Page, text: string | RegExp): Promise<void> {
  await page.getByText(text).first().waitFor();
  expect(await page.getByText(text).count()).toBeGreaterThan(0);
}

/** A records-everything HTTP sink on loopback, standing in for a customer's webhook receiver. */
export async function startSink(): Promise<{ url: string; requests: Array<{ headers: http.IncomingHttpHeaders; body: any }>; close(): Promise<void> }> {
  const requests: Array<{ headers: http.IncomingHttpHeaders; body: any }> = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body: unknown = raw;
      try {
        body = JSON.parse(raw);
      } catch {
        // keep raw
      }
      requests.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    requests,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
