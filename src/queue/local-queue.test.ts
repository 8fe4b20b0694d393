import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe } from 'vitest';
import { backends, freshPostgres } from '../../test/helpers/backends.js';
import { type Store, createDb } from '../store/db.js';
import { createLocalQueue } from './local-queue.js';
import { queueContract } from './queue.contract.js';

for (const backend of backends()) {
  describe(`local queue on ${backend}`, () => {
    let store: Store;
    let drop: (() => Promise<void>) | undefined;
    let n = 0;
    beforeAll(async () => {
      if (backend === 'postgres') {
        const pg = await freshPostgres();
        drop = pg.drop;
        store = createDb({ databaseUrl: pg.url, dataDir: '' });
      } else {
        store = createDb({ databaseUrl: undefined, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-queue-')) });
      }
      await store.migrate();
    });
    afterAll(async () => {
      await store.close();
      await drop?.();
    });
    // Each test gets its own queue name, and every open() in a test shares it (a restart).
    let name = '';
    beforeEach(() => {
      name = '';
    });
    queueContract(() => {
      return {
        open: () => {
          if (!name) name = `q${n++}`;
          return createLocalQueue({ db: store.db, caps: store.caps, name, pollMs: 50, releaseLocksOnStart: true });
        },
      };
    });
  });
}
