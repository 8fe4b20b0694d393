/**
 * The SDK in a real browser (Debian's chromium via playwright-core) against a real Herald: the
 * examples/web-chat page with the built SDK, the way a newcomer runs it, and the React binding
 * (useHerald + <HeraldChat> in StrictMode) bundled from source.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_API_KEY, type TestHerald, startHerald } from '../helpers/herald.js';
import { customerToken, newAgent, serverDevices } from './fixtures.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** True when sdk/dist is missing or older than a source file (tsc takes seconds; skip it when it can). */
function sdkBuildIsStale(): boolean {
  const built = path.resolve('sdk/dist/index.js');
  if (!fs.existsSync(built)) return true;
  const builtAt = fs.statSync(built).mtimeMs;
  const sources = ['sdk/tsconfig.json', ...fs.readdirSync('sdk/src').map((f) => path.join('sdk/src', f))];
  return sources.some((f) => fs.statSync(f).mtimeMs > builtAt);
}

async function startExample(heraldUrl: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['examples/web-chat/server.mjs'], {
    env: { ...process.env, HERALD_URL: heraldUrl, HERALD_API_KEY: TEST_API_KEY, PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`the example exited with ${code}: ${output}`)));
    setTimeout(() => reject(new Error(`the example did not start: ${output}`)), 10_000);
  });
  return { url, child };
}

describe('the SDK in a browser', () => {
  let h: TestHerald;
  let example: { url: string; child: ChildProcess };
  let browser: Browser;

  beforeAll(async () => {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`No chromium at ${CHROMIUM}. Install Debian's chromium or set CHROMIUM_PATH.`);
    // The page loads the SDK as built for publishing, not the sources.
    if (sdkBuildIsStale()) {
      execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', 'sdk/tsconfig.json'], { stdio: 'inherit' });
    }
    h = await startHerald();
    example = await startExample(h.url);
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    example?.child.kill();
    await h?.close();
  });

  it('examples/web-chat signs in, streams the agent reply live, resumes the chat from its deep link, and signs out', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(8000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(example.url);
    await page.getByLabel('Your user id').fill('browser-ann');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('connection').textContent(), { timeout: 8000 }).toBe('streaming');

    await page.getByLabel('Message', { exact: true }).fill('Hello from the browser');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('#messages li[data-role=user]', { hasText: 'Hello from the browser' }).waitFor();

    await page.getByLabel('Agent reply').fill('Hi Ann, how can I help?');
    await page.getByRole('button', { name: 'Reply' }).click();
    await page.locator('#messages li[data-role=assistant]', { hasText: 'Hi Ann, how can I help?' }).waitFor();
    expect(await page.getByTestId('connection').textContent()).toBe('streaming');

    // The page put the chat's deep link in the address bar: a reload resumes the same session.
    const sessionId = (await page.locator('#session-id').textContent())!;
    expect(page.url()).toContain(`?startapp=chat_${sessionId}`);
    await page.reload();
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.locator('#session-id').textContent()).toBe(sessionId);
    await expect.poll(() => page.locator('#messages li').count()).toBe(2);

    // Preferences go through the SDK to the server.
    await page.getByLabel('Ticket updates').uncheck();
    const token = await customerToken(h, 'browser-ann');
    await expect
      .poll(async () => (await h.api('GET', '/api/settings/notifications', undefined, { authorization: `Bearer ${token}` })).body.ticketUpdates)
      .toBe(false);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(page.url()).not.toContain('startapp');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('React: useHerald registers once under StrictMode, <HeraldChat> shows history and live replies, rotation and unmount reach the server', async () => {
    const bundle = await build({
      entryPoints: [path.resolve('test/sdk/react-app.mjs')],
      bundle: true,
      format: 'esm',
      write: false,
      logLevel: 'silent',
      define: { 'process.env.NODE_ENV': '"development"' },
    });
    const agentId = await newAgent(h, 'React bot');
    const session = await h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId: 'react-ann' });
    await h.api('POST', `/api/sessions/${session.body.id}/messages`, { text: 'Welcome back!' });
    const token = await customerToken(h, 'react-ann');

    const page = await browser.newPage();
    page.setDefaultTimeout(8000);
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const unregisters: string[] = [];
    page.on('request', (r) => r.url().endsWith('/api/devices/unregister') && unregisters.push(r.url()));
    // The page is served from the example's origin, so /api/* goes through its proxy to Herald.
    await page.route(`${example.url}/react-test/**`, (route) =>
      route.request().url().endsWith('/app.js')
        ? route.fulfill({ contentType: 'text/javascript', body: bundle.outputFiles[0]!.text })
        : route.fulfill({ contentType: 'text/html', body: '<!doctype html><div id="root"></div><script type="module" src="/react-test/app.js"></script>' }),
    );
    const q = new URLSearchParams({ user: 'react-ann', token, session: session.body.id, fcm: 'fcm-react-browser' });
    await page.goto(`${example.url}/react-test/?${q.toString()}`);

    await expect.poll(() => page.getByTestId('state').textContent()).toBe('ready');
    // StrictMode mounted, unmounted and remounted the hook: the device must still be there, once.
    // A teardown would have started one timer turn after the unmount, long before `ready`; one
    // more turn in the page and no unregister request left it.
    await page.evaluate('new Promise((r) => setTimeout(r, 0))');
    expect(unregisters).toEqual([]);
    expect((await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-react-browser']);

    await page.locator('li[data-role=assistant]', { hasText: 'Welcome back!' }).waitFor();
    await page.getByLabel('Message').fill('Thanks, one more question');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.locator('li[data-role=user]', { hasText: 'Thanks, one more question' }).waitFor();
    await h.api('POST', `/api/sessions/${session.body.id}/messages`, { text: 'Go ahead.' });
    await page.locator('li[data-role=assistant]', { hasText: 'Go ahead.' }).waitFor();
    expect(await page.locator('li').allTextContents()).toEqual(['Welcome back!', 'Thanks, one more question', 'Go ahead.']);

    await page.getByRole('button', { name: 'Rotate token' }).click();
    await expect.poll(async () => (await serverDevices(h, token)).map((d) => d.token)).toEqual(['fcm-react-browser-rotated']);

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(async () => (await serverDevices(h, token)).length).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
