/**
 * Provider settings cannot brick a start (CONTRACT §11): an invalid value answers 400 and nothing
 * is stored; a stored value that no longer validates disables that provider only, with a reason in
 * the log, in `herald doctor` and in the portal's provider list — and Herald starts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { SettingsStore } from '../../src/core/settings.js';
import { DEFAULT_WORKSPACE, withWorkspace } from '../../src/store/workspace-scope.js';
import { doctor } from '../../src/doctor.js';
import { type Backend, backends, freshPostgres } from '../helpers/backends.js';
import { TEST_API_KEY, type TestHerald, startHerald } from '../helpers/herald.js';

const BOT_TOKEN = '123456:provider-settings-token';

async function place(backend: Backend) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-settings-'));
  const pg = backend === 'postgres' ? await freshPostgres() : undefined;
  const env = { TELEGRAM_BOT_TOKEN: BOT_TOKEN, TELEGRAM_API_BASE: 'http://127.0.0.1:9' };
  return {
    dataDir,
    env,
    start: () => startHerald({ backend, dataDir, env, ...(pg && { databaseUrl: pg.url }) }),
    config: () =>
      loadConfig({
        HERALD_DATA_DIR: dataDir,
        HERALD_API_KEY: TEST_API_KEY,
        HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
        ...env,
        ...(pg && { HERALD_DATABASE_URL: pg.url }),
      }),
    drop: async () => pg?.drop(),
  };
}

const fcmOf = async (h: TestHerald) => (await h.api('GET', '/api/settings/providers')).body.items.find((p: { name: string }) => p.name === 'fcm');

for (const backend of backends()) {
  describe(`provider settings on ${backend}`, () => {
    const cleanups: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it('answers 400 to an invalid FCM service account, stores nothing, and a restart comes up', async () => {
      const p = await place(backend);
      cleanups.push(p.drop);
      let h = await p.start();
      const invalid = [
        '{"type": "service_account", "project_id": ',
        JSON.stringify({ project_id: 'demo', client_email: 'push@demo.iam.gserviceaccount.com', private_key: 'not a key' }),
        JSON.stringify({ project_id: 'demo' }),
      ];
      for (const serviceAccount of invalid) {
        const res = await h.api('PUT', '/api/settings/providers/fcm', { values: { serviceAccount } });
        expect(res.status).toBe(400);
        expect(res.body.error.code).toBe('HERALD_VALIDATION');
      }
      expect(await withWorkspace(DEFAULT_WORKSPACE, () => new SettingsStore(h.herald.services.store.db).get('provider.fcm', null))).toBeNull();
      expect((await fcmOf(h)).fields.find((f: { key: string }) => f.key === 'serviceAccount').value).toBeNull();
      await h.close();
      h = await p.start();
      cleanups.push(() => h.close());
      expect((await h.api('GET', '/api/health')).status).toBe(200);
      expect((await fcmOf(h)).reason).toBe('FCM_SERVICE_ACCOUNT is not set');
    });

    it('disables only the provider whose stored setting no longer validates; Herald starts and says why', async () => {
      const p = await place(backend);
      cleanups.push(p.drop);
      let h = await p.start();
      // Planted directly in the database, as an older version or a hand edit could have left it.
      const box = h.herald.services.box;
      await withWorkspace(DEFAULT_WORKSPACE, () =>
        new SettingsStore(h.herald.services.store.db).set('provider.fcm', { serviceAccount: box.encrypt('{"project_id": "broken'), endpoint: 'not a url' }),
      );
      await h.close();

      h = await p.start();
      cleanups.push(() => h.close());
      expect((await h.api('GET', '/api/health')).status).toBe(200);
      const fcm = await fcmOf(h);
      expect(fcm.configured).toBe(false);
      expect(fcm.reason).toMatch(/^disabled: its settings are invalid/);
      const telegram = (await h.api('GET', '/api/settings/providers')).body.items.find((x: { name: string }) => x.name === 'telegram');
      expect(telegram.configured).toBe(true);

      const lines: string[] = [];
      await doctor(p.config(), (l) => lines.push(l));
      expect(lines.find((l) => l.startsWith('fcm'))).toMatch(/skipped\s+disabled: its settings are invalid/);

      // Fixing it through the API brings the provider back without a restart.
      const fixed = await h.api('PUT', '/api/settings/providers/fcm', { values: { serviceAccount: null, endpoint: null } });
      expect(fixed.status).toBe(200);
      expect(fixed.body.reason).toBe('FCM_SERVICE_ACCOUNT is not set');
    });
  });
}
