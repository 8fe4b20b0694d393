/**
 * PostgreSQL without Redis is a one-process deployment (presence, streams and wake-ups live in
 * the process): a second `herald serve` on the same database refuses to start, saying what to do.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SECOND_PROCESS_REFUSED } from '../src/store/single-process-lock.js';
import { backends, freshPostgres } from './helpers/backends.js';
import { TEST_API_KEY } from './helpers/herald.js';
import { type HeraldProcess, spawnHerald } from './helpers/herald-process.js';

describe.skipIf(!backends().includes('postgres'))('herald serve on PostgreSQL without Redis', () => {
  const started: HeraldProcess[] = [];
  let drop: (() => Promise<void>) | undefined;
  afterAll(async () => {
    await Promise.all(started.map((p) => p.stop()));
    await drop?.();
  });

  it(
    'a second process on the same database exits with one sentence telling to set HERALD_REDIS_URL; once the first stops, another starts',
    { timeout: 90_000 },
    async () => {
      const db = await freshPostgres();
      drop = db.drop;
      const env = (name: string) => ({
        HERALD_DATABASE_URL: db.url,
        HERALD_API_KEY: TEST_API_KEY,
        HERALD_LOG_LEVEL: 'warn',
        HERALD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), `herald-single-${name}-`)),
      });
      const first = await spawnHerald('first', env('first'));
      started.push(first);

      const second = await spawnHerald('second', env('second'), { waitForHealth: false });
      started.push(second);
      expect(await second.exited).toBe(2);
      expect(second.lines).toEqual([SECOND_PROCESS_REFUSED]);
      expect(first.alive()).toBe(true);
      expect((await fetch(`${first.url}/api/ready`)).status).toBe(200);

      await first.stop();
      expect(await first.exited).toBe(0);
      const third = await spawnHerald('third', env('third'));
      started.push(third);
      expect((await fetch(`${third.url}/api/ready`)).status).toBe(200);
    },
  );
});
