/**
 * A database as an older release left it: every migration before `beforeMigration` applied, on a
 * fresh SQLite directory or PostgreSQL database, for tests that write old rows and then start
 * today's Herald on them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type Migration, Migrator } from 'kysely';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { type Store, createDb } from '../../src/store/db.js';
import { type Backend, freshPostgres } from './backends.js';

export interface OldDatabase {
  store: Store;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Drops the PostgreSQL database (the store must be closed first). */
  drop(): Promise<void>;
}

export async function oldDatabase(backend: Backend, beforeMigration: string): Promise<OldDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `herald-before-${beforeMigration}-`));
  const pg = backend === 'postgres' ? await freshPostgres() : undefined;
  const opened = createDb({ databaseUrl: pg?.url, dataDir });
  // An older release had no workspace scope: its rows are written as it wrote them.
  const store: Store = { ...opened, db: opened.db.withoutPlugins() };
  const all = await migrationProvider.getMigrations();
  const before: Record<string, Migration> = Object.fromEntries(Object.entries(all).filter(([name]) => name < beforeMigration));
  const { error } = await new Migrator({ db: store.db, provider: { getMigrations: async () => before }, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(`migrations before ${beforeMigration} failed: ${JSON.stringify(error)}`);
  return { store, dataDir, databaseUrl: pg?.url, drop: async () => pg?.drop() };
}
