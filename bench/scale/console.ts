/**
 * Console queries at scale: seeds a database with `n` deliveries of realistic shapes, then times
 * every console query (the same Kysely queries the routes run) and measures bytes per delivery.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { createDb, type Store } from '../../src/store/db.js';
import { DEFAULT_WORKSPACE, withWorkspace } from '../../src/store/workspace-scope.js';
import { createFreshPg } from '../databases.js';
import { consoleQueries } from './console-queries.js';
import { type SeedSample, seedPostgres, seedSqlite, shapeFor } from './seed.js';

export interface QueryTiming {
  name: string;
  p50: number;
  p99: number;
  rows: number;
}

export interface ConsoleResult {
  engine: 'sqlite' | 'postgres';
  deliveries: number;
  seedSeconds: number;
  queries: QueryTiming[];
  /** Bytes per delivery by table or index (SQLite: dbstat; PostgreSQL: relation sizes). */
  bytes: Array<{ name: string; perDelivery: number }>;
  bytesPerDelivery: number;
  /** When and under what load this size was measured (sizes may come from different runs). */
  measured?: string;
}

const RUNS = 41;

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeQueries(store: Store, sample: SeedSample): Promise<QueryTiming[]> {
  const out: QueryTiming[] = [];
  for (const q of consoleQueries(sample)) {
    const times: number[] = [];
    let rows = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = process.hrtime.bigint();
      // As the routes run them: in the caller's workspace, with the store's workspace filter.
      rows = (await withWorkspace(DEFAULT_WORKSPACE, () => q.build(store).execute())).length;
      times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    times.sort((a, b) => a - b);
    out.push({ name: q.name, p50: pct(times, 50), p99: pct(times, 99), rows });
  }
  return out;
}

export async function consoleOnSqlite(n: number, log: (s: string) => void): Promise<ConsoleResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-scale-'));
  try {
    const schema = createDb({ databaseUrl: undefined, dataDir: dir });
    await schema.migrate();
    await schema.close();
    const raw = new Database(path.join(dir, 'herald.db'));
    raw.pragma('synchronous = OFF');
    // Indexes are kept up as the rows go in, as in a database that grew for a year: built once
    // after a bulk load they come out packed, 28 B per delivery smaller at 1M than they grow.
    const t0 = Date.now();
    let last = 0;
    const sample = await seedSqlite(raw, shapeFor(n), (done) => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        log(`  seeded ${done.toLocaleString('en')} deliveries`);
      }
    });
    raw.exec('ANALYZE');
    const seedSeconds = (Date.now() - t0) / 1000;
    log(`  seeded ${n.toLocaleString('en')} deliveries in ${seedSeconds.toFixed(0)} s`);
    // Opened on the grown database, as Herald starts on one. A connection opened before ANALYZE
    // keeps the statistics it read when it opened (none on the empty database), and so do its
    // prepared statements: one query planned that way took 20 ms at 1M where it takes 1.8 ms.
    const store = createDb({ databaseUrl: undefined, dataDir: dir });
    const queries = await timeQueries(store, sample);
    const stat = raw.prepare(`SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name`).all() as Array<{ name: string; bytes: number }>;
    const owners = raw.prepare(`SELECT name, tbl_name FROM sqlite_master`).all() as Array<{ name: string; tbl_name: string }>;
    const tableOf = new Map(owners.map((o) => [o.name, o.tbl_name]));
    const perDelivery = ['deliveries', 'events', 'delivery_attempts'];
    const bytes = stat
      .filter((s) => perDelivery.includes(tableOf.get(s.name) ?? ''))
      .map((s) => ({ name: s.name, perDelivery: s.bytes / n }))
      .sort((a, b) => b.perDelivery - a.perDelivery);
    raw.close();
    await store.close();
    return { engine: 'sqlite', deliveries: n, seedSeconds, queries, bytes, bytesPerDelivery: bytes.reduce((a, b) => a + b.perDelivery, 0) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function consoleOnPostgres(adminUrl: string, n: number, log: (s: string) => void): Promise<ConsoleResult> {
  const fresh = await createFreshPg(adminUrl, `herald_scale_${process.pid}`);
  try {
    const store = createDb({ databaseUrl: fresh.url, dataDir: os.tmpdir() });
    await store.migrate();
    const client = new pg.Client({ connectionString: fresh.url });
    await client.connect();
    await client.query('SET synchronous_commit = off');
    const t0 = Date.now();
    let last = 0;
    const sample = await seedPostgres(client, shapeFor(n), (done) => {
      if (Date.now() - last > 10_000) {
        last = Date.now();
        log(`  seeded ${done.toLocaleString('en')} deliveries`);
      }
    });
    await client.query('VACUUM ANALYZE');
    const seedSeconds = (Date.now() - t0) / 1000;
    log(`  seeded ${n.toLocaleString('en')} deliveries in ${seedSeconds.toFixed(0)} s`);
    const queries = await timeQueries(store, sample);
    const sizes = await client.query<{ name: string; bytes: string }>(`
      SELECT c.relname AS name, pg_relation_size(c.oid) AS bytes FROM pg_class c
      JOIN pg_class t ON t.oid = COALESCE((SELECT indrelid FROM pg_index WHERE indexrelid = c.oid), c.oid)
      WHERE t.relname IN ('deliveries', 'events', 'delivery_attempts') AND c.relkind IN ('r', 'i')`);
    const bytes = sizes.rows.map((r) => ({ name: r.name, perDelivery: Number(r.bytes) / n })).sort((a, b) => b.perDelivery - a.perDelivery);
    await client.end();
    await store.close();
    return { engine: 'postgres', deliveries: n, seedSeconds, queries, bytes, bytesPerDelivery: bytes.reduce((a, b) => a + b.perDelivery, 0) };
  } finally {
    await fresh.drop();
  }
}
