/**
 * `herald backup <file>`: SQLite's online backup API, page by page through its own connection,
 * so the copy is one consistent snapshot even while Herald writes (copying herald.db alone is
 * not a backup in WAL mode: recent commits live in herald.db-wal).
 */
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';

export type BackupResult = { ok: true; file: string; bytes: number; keyFiles: string[] } | { ok: false; message: string };

export async function backup(opts: { databaseUrl: string | undefined; dataDir: string; file: string }): Promise<BackupResult> {
  if (opts.databaseUrl) {
    return {
      ok: false,
      message:
        'Herald is using PostgreSQL (HERALD_DATABASE_URL): back it up with pg_dump, e.g. pg_dump --format=custom --file=herald.dump "$HERALD_DATABASE_URL" (see docs/operations.md).',
    };
  }
  const source = path.join(opts.dataDir, 'herald.db');
  if (!fs.existsSync(source)) return { ok: false, message: `There is no database at ${source}; is HERALD_DATA_DIR right?` };
  const target = path.resolve(opts.file);
  if (fs.existsSync(target)) return { ok: false, message: `${target} already exists; choose a new file name.` };
  if (!fs.existsSync(path.dirname(target))) return { ok: false, message: `The folder ${path.dirname(target)} does not exist.` };
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    // SQLite restarts a backup whose source another connection changed between steps; under
    // steady writes a step-by-step copy might never finish. After the first step, copy all the
    // remaining pages in one step: one read snapshot (WAL lets Herald keep writing meanwhile).
    await db.backup(target, { progress: ({ totalPages }) => totalPages + 1024 });
  } catch (err) {
    fs.rmSync(target, { force: true });
    return { ok: false, message: `The backup failed: ${(err as Error).message}.` };
  } finally {
    db.close();
  }
  const keyFiles = ['secret.key', 'identity.key', 'vapid.json'].filter((f) => fs.existsSync(path.join(opts.dataDir, f)));
  return { ok: true, file: target, bytes: fs.statSync(target).size, keyFiles };
}
