import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from './config.js';
import { createHeraldServer } from './herald.js';
import { createLogger } from './logger.js';
import { main } from './main.js';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'herald-cli-'));

describe('herald CLI', () => {
  afterEach(() => vi.restoreAllMocks());

  it('exits with 2 and one sentence naming the variable when the configuration is bad', async () => {
    const err = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['serve'], { HERALD_DATABASE_URL: 'not a url:/secret@' })).toBe(2);
    expect(err).toHaveBeenCalledTimes(1);
    const line = String(err.mock.calls[0]![0]);
    expect(line).toMatch(/^HERALD_DATABASE_URL is not a valid URL/);
    expect(line).not.toContain('secret');
    expect(await main(['serve'], { HERALD_PORT: 'eighty' })).toBe(2);
    expect(String(err.mock.calls[1]![0])).toBe('HERALD_PORT must be a whole number from 0 to 65535, not "eighty".');
    expect(await main(['serve'], { HERALD_DATABASE_URL: 'mysql://x@h/db' })).toBe(2);
    expect(await main(['serve'], { HERALD_SECRET_KEY: 'c2hvcnQ=' })).toBe(2);
    expect(await main(['serve'], { HERALD_API_KEY: 'short' })).toBe(2);
  });

  it('answers an unknown command with usage and exit code 2', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await main(['frobnicate'], {})).toBe(2);
  });

  it('migrates, creates an operator and prints an API key', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const env = { HERALD_DATA_DIR: tmp(), HERALD_LOG_LEVEL: 'silent' };
    expect(await main(['migrate'], env)).toBe(0);
    expect(await main(['create-operator', '--email', 'Zoe@Example.test', '--role', 'manager'], env)).toBe(0);
    expect(String(log.mock.calls[1]![0])).toMatch(/Operator created: zoe@example.test \(manager\)\nPassword \(shown once\): \S{12,}/);
    expect(await main(['create-api-key', '--name', 'ci'], env)).toBe(0);
    expect(String(log.mock.calls[2]![0])).toMatch(/^hk_[A-Za-z0-9_-]{40,}$/);
  });

  it('prints a fresh VAPID pair for a cluster whose environment does not load without one yet', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const env = {
      HERALD_DATA_DIR: tmp(),
      HERALD_LOG_LEVEL: 'silent',
      HERALD_DATABASE_URL: 'postgres://x@127.0.0.1:9/x',
      HERALD_REDIS_URL: 'redis://127.0.0.1:9',
    };
    expect(await main(['vapid', '--new'], env)).toBe(0);
    expect(String(log.mock.calls[0]![0])).toMatch(/^VAPID_PUBLIC_KEY=[A-Za-z0-9_-]{87}\nVAPID_PRIVATE_KEY=[A-Za-z0-9_-]{43}$/);
  });

  it('prints a stable VAPID public key and a doctor line per provider', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const env = { HERALD_DATA_DIR: tmp(), HERALD_LOG_LEVEL: 'silent' };
    expect(await main(['vapid'], env)).toBe(0);
    expect(await main(['vapid'], env)).toBe(0);
    const [first, second] = log.mock.calls.map((c) => String(c[0]));
    expect(first).toMatch(/^[A-Za-z0-9_-]{87}$/);
    expect(second).toBe(first);
    log.mockClear();
    // A loopback API base is refused by the outgoing-URL guard unless private targets are allowed.
    expect(await main(['doctor'], { ...env, TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_API_BASE: 'http://127.0.0.1:9' })).toBe(0);
    expect(log.mock.calls.map((c) => String(c[0])).find((l) => l.startsWith('telegram'))).toMatch(
      /skipped +disabled: .*telegram apiBase points to 127\.0\.0\.1/,
    );
    log.mockClear();
    expect(await main(['doctor'], { ...env, TELEGRAM_BOT_TOKEN: '1:x', TELEGRAM_API_BASE: 'http://127.0.0.1:9', HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true' })).toBe(
      1,
    );
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(['database', 'fcm', 'apns', 'webpush', 'telegram', 'beams', 'onesignal', 'smtp', 'twilio', 'oidc']);
    expect(lines.find((l) => l.startsWith('fcm'))).toMatch(/skipped +FCM_SERVICE_ACCOUNT is not set/);
    expect(lines.find((l) => l.startsWith('telegram'))).toMatch(/FAILING/);
  });

  it('generates the admin login and API key on first start only; a restart keeps data and keys', async () => {
    const dir = tmp();
    const config = loadConfig({ HERALD_DATA_DIR: dir, HERALD_PORT: '0', HERALD_LOG_LEVEL: 'silent' });
    const first = await createHeraldServer(config, { log: createLogger('silent') });
    await first.start();
    const url = await first.listen();
    const key = first.bootstrapLines.join('\n').match(/hk_\S+/)![0];
    expect(first.bootstrapLines.join('\n')).toMatch(/Admin login: +admin@herald\.local \/ \S+/);
    const agent = await fetch(`${url}/api/agents`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Kept' }),
    }).then((r) => r.json() as Promise<{ id: string }>);
    await first.close();

    const second = await createHeraldServer(config, { log: createLogger('silent') });
    await second.start();
    const url2 = await second.listen();
    expect(second.bootstrapLines).toEqual([]);
    const res = await fetch(`${url2}/api/agents/${agent.id}`, { headers: { authorization: `Bearer ${key}` } });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { name: string }).name).toBe('Kept');
    await second.close();
    expect(fs.statSync(path.join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
  });
});
