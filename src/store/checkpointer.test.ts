import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { type Checkpointer, startCheckpointer } from './checkpointer.js';
import { GroupCommit } from './group-commit.js';
import type { Database } from './schema.js';

describe('checkpointer', () => {
  let dir: string;
  let checkpointer: Checkpointer | undefined;
  let db: Kysely<Database> | undefined;
  afterEach(async () => {
    await checkpointer?.stop();
    await db?.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the WAL bounded under writes that never pause (a passive checkpoint alone never completes)', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-wal-'));
    const file = path.join(dir, 'wal.db');
    const database = new SQLite(file);
    database.pragma('journal_mode = WAL');
    database.pragma('synchronous = NORMAL');
    database.pragma('wal_autocheckpoint = 0');
    database.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    const limit = 1024 * 1024;
    checkpointer = startCheckpointer({
      database,
      file,
      driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
      onError: (m) => {
        throw new Error(m);
      },
      intervalMs: 10,
      walLimitBytes: limit,
    });
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database }) });
    const writer = new GroupCommit(db, { pausedUntil: () => checkpointer?.pausedUntil() });
    const body = 'x'.repeat(2000);
    let largest = 0;
    // ~40 MB of WAL frames written back to back, for at least a second of the worker's rounds.
    const started = Date.now();
    for (let i = 0; i < 4000 || Date.now() - started < 1000; i++) {
      await writer.run((tx) => sql`INSERT INTO t (body) VALUES (${body}) ON CONFLICT DO NOTHING`.execute(tx));
      await writer.run((tx) => sql`UPDATE t SET body = ${body + i} WHERE id = ${1 + (i % 500)}`.execute(tx));
      if (i % 100 === 0) await new Promise((r) => setImmediate(r));
      largest = Math.max(largest, fs.statSync(`${file}-wal`).size);
    }
    const rows = database.prepare('SELECT count(*) AS n FROM t').get() as { n: number };
    expect(rows.n).toBeGreaterThanOrEqual(4000);
    // The limit, plus what is written while one round of the worker runs.
    expect(largest).toBeLessThan(8 * limit);
  });
});
