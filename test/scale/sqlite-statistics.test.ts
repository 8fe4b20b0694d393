/**
 * SQLite gathers no planner statistics by itself; without them the console's indexes may be
 * passed over. Herald runs `PRAGMA optimize` when it opens the database (and hourly).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, it } from 'vitest';
import { seedSqlite, shapeFor } from '../../bench/scale/seed.js';
import { createDb } from '../../src/store/db.js';

it('gathers planner statistics for a database that has none when Herald opens it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-stats-'));
  try {
    const first = createDb({ databaseUrl: undefined, dataDir: dir });
    await first.migrate();
    const raw = new Database(path.join(dir, 'herald.db'));
    await seedSqlite(raw, shapeFor(3000));
    // A database written by an earlier release: rows, but no statistics.
    raw.exec('DROP TABLE IF EXISTS sqlite_stat1; DROP TABLE IF EXISTS sqlite_stat4');
    await first.close();

    const second = createDb({ databaseUrl: undefined, dataDir: dir });
    await second.migrate();
    const stats = raw.prepare(`SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'deliveries'`).all() as Array<{ idx: string; stat: string }>;
    expect(stats.map((s) => s.idx)).toEqual(expect.arrayContaining(['deliveries_customer_idx', 'deliveries_channel_idx', 'deliveries_status_idx']));
    // The row count SQLite plans with (first number of a full index's stat line) is the table's.
    const status = stats.find((s) => s.idx === 'deliveries_status_idx')!;
    expect(Number(status.stat.split(' ')[0])).toBeGreaterThan(2000);
    raw.close();
    await second.close();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
