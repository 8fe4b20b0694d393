/**
 * `herald doctor` checks the providers of every workspace, each line naming its workspace: a
 * business's own broken bot fails the check (exit 1) and its own relay is checked where it is,
 * on a real SMTP server on loopback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { doctor } from '../../src/doctor.js';
import { SmtpFake } from '../fakes/smtp-fake.js';
import { backends, freshPostgres } from '../helpers/backends.js';
import { TEST_ADMIN, TEST_API_KEY, startHerald } from '../helpers/herald.js';
import { freePort } from '../helpers/ports.js';

for (const backend of backends()) {
  describe(`herald doctor across workspaces on ${backend}`, () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it("checks every workspace's providers and names the workspace on each line", async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-doctor-ws-'));
      const pg = backend === 'postgres' ? await freshPostgres() : undefined;
      if (pg) cleanups.push(pg.drop);
      const relay = await new SmtpFake({ auth: { user: 'shop-b', pass: 'relay-pass-b' } }).start();
      cleanups.push(() => relay.close());
      const h = await startHerald({ backend, dataDir, ...(pg && { databaseUrl: pg.url }) });
      cleanups.push(() => h.close());

      const login = await fetch(`${h.url}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(TEST_ADMIN),
      });
      const cookie = { authorization: '', cookie: login.headers.get('set-cookie')!.split(';')[0]! };
      const made = async (name: string) => {
        const res = await h.api('POST', '/api/workspaces', { name }, cookie);
        expect(res.status).toBe(201);
        return { id: res.body.id as string, key: { authorization: `Bearer ${res.body.apiKey}` } };
      };
      const B = await made('Shop B');
      const C = await made('Shop C');
      // B has its own relay (up) and its own Telegram bot, whose API does not answer.
      const deadApi = `http://127.0.0.1:${await freePort()}`;
      expect((await h.api('PUT', '/api/settings/providers/smtp', { values: { url: relay.url(), from: 'help@shop-b.example.test' } }, B.key)).status).toBe(200);
      expect((await h.api('PUT', '/api/settings/providers/telegram', { values: { botToken: '123:b-bot', apiBase: deadApi } }, B.key)).status).toBe(200);

      const lines: string[] = [];
      const config = loadConfig({
        HERALD_DATA_DIR: dataDir,
        HERALD_API_KEY: TEST_API_KEY,
        HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
        ...(pg && { HERALD_DATABASE_URL: pg.url }),
      });
      expect(await doctor(config, (l) => lines.push(l))).toBe(false);

      const of = (provider: string, ws: string) => lines.find((l) => new RegExp(`^${provider} +${ws} `).test(l));
      for (const ws of ['default', B.id, C.id]) {
        for (const provider of ['fcm', 'apns', 'webpush', 'telegram', 'beams', 'onesignal', 'smtp', 'twilio'])
          expect(of(provider, ws), `${provider} ${ws}`).toBeDefined();
      }
      expect(of('smtp', B.id)).toMatch(new RegExp(`ok +SMTP relay 127\\.0\\.0\\.1:${relay.port} accepted the connection`));
      expect(of('telegram', B.id)).toMatch(/FAILING/);
      // Nothing of B's leaks into the others: they have no relay and no bot.
      for (const ws of ['default', C.id]) {
        expect(of('smtp', ws)).toMatch(/skipped +SMTP_(URL|FROM) is not set/);
        expect(of('telegram', ws)).toMatch(/skipped +TELEGRAM_BOT_TOKEN is not set/);
      }
      expect(lines.filter((l) => /FAILING/.test(l))).toHaveLength(1);
      expect(lines[0]).toMatch(/^database +ok/);
      expect(lines.at(-1)).toMatch(/^oidc +skipped/);
    });
  });
}
