/**
 * Which SQL engines the store-facing tests run on: BACKENDS=sqlite,postgres (default sqlite).
 * PostgreSQL tests need HERALD_TEST_PG_URL (an admin connection); each test gets a fresh database.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { type Store, createDb } from '../../src/store/db.js';

export type Backend = 'sqlite' | 'postgres';

export function backends(): Backend[] {
  const list = (process.env.BACKENDS ?? 'sqlite')
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
  for (const b of list) if (b !== 'sqlite' && b !== 'postgres') throw new Error(`unknown backend ${b} in BACKENDS`);
  if (list.includes('postgres') && !process.env.HERALD_TEST_PG_URL) {
    throw new Error('BACKENDS includes postgres but HERALD_TEST_PG_URL is not set (see .ci/run)');
  }
  return list as Backend[];
}

/** Creates an empty PostgreSQL database and returns its URL plus a function dropping it. */
export async function freshPostgres(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = process.env.HERALD_TEST_PG_URL!;
  const name = `herald_test_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/**
 * A migrated store of its own on `backend`: a fresh PostgreSQL database, or SQLite in a new
 * temporary directory named after `label`. `close` closes it and drops the PostgreSQL database.
 */
export async function migratedStore(backend: Backend, label: string): Promise<{ store: Store; close: () => Promise<void> }> {
  const pgDb = backend === 'postgres' ? await freshPostgres() : undefined;
  const store = pgDb
    ? createDb({ databaseUrl: pgDb.url, dataDir: '' })
    : createDb({ databaseUrl: undefined, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `herald-${label}-`)) });
  await store.migrate();
  return {
    store,
    async close() {
      await store.close();
      await pgDb?.drop();
    },
  };
}
