/**
 * createDb is the one place where SQLite and PostgreSQL differ; everything else sees a
 * Kysely<Database> and a small capabilities object.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.js';
import { GroupCommit } from './group-commit.js';
import { migrationProvider } from './migrations/index.js';
import { directSqlite, preparedName } from './raw-sql.js';
import { withStatementCache } from './sqlite-statements.js';
import type { Database } from './schema.js';
import { WorkspaceScopePlugin, asSystem } from './workspace-scope.js';

/**
 * Every query of a request runs in the caller's workspace (docs/workspaces.md); background work
 * names the workspace it works in (withWorkspace) or says it works across them (asSystem). A
 * tenant-table query that does neither is a bug, and is refused rather than run across every
 * workspace.
 */
function workspaceScope(): WorkspaceScopePlugin {
  return new WorkspaceScopePlugin({ missingScope: 'refuse' });
}

/**
 * What the code may rely on from the SQL engine. Code outside src/store asks these, never which
 * engine it is (`dialect` is for showing it: logs, /api/ready, doctor).
 */
export interface DbCapabilities {
  dialect: 'sqlite' | 'postgres';
  /** Row locks with SKIP LOCKED: several processes can claim work from one table. */
  skipLocked: boolean;
  /**
   * SELECT … FOR UPDATE locks the rows read until the commit, serializing concurrent changes to
   * them. SQLite has no row locks (and needs none: one write transaction runs at a time).
   */
  rowLocks: boolean;
  /**
   * Many rows per Kysely-built INSERT statement pay off: each statement is a network round trip.
   * SQLite runs in-process, where building such a statement costs more than it saves: it runs
   * precompiled texts instead (a fan-out's deliveries: fixed multi-row texts, delivery-sql.ts).
   */
  multiRowInsert: boolean;
  /**
   * Deliveries have an integer `seq` key in the order of their ids that the console indexes end
   * in (SQLite, migration 0013): the console pages by it instead of by the 30-character id.
   */
  deliverySeq: boolean;
  /**
   * `deliveries.recipient_id` and `destination` are generated from the stored `recipient_own` and
   * `destination_own`, '' when the row's other columns say them (SQLite, migration 0018): new rows
   * are written through engine/derived-columns.ts.
   */
  derivedDeliveryColumns: boolean;
}

export interface Store {
  db: Kysely<Database>;
  caps: DbCapabilities;
  /**
   * One group commit for the delivery hot path (message ingest, planning, attempt results): on
   * SQLite every transaction is serialized anyway, and each commit writes every page it dirtied
   * to the WAL, so fewer, larger commits save most of the write cost.
   */
  writer: GroupCommit;
  /**
   * The dispatcher's and the scheduler's group commits. On SQLite they are `writer` itself (one
   * connection writes anyway). On PostgreSQL each is its own, on its own connection: a commit
   * there is a round trip per statement, and one writer would serialize ingest, planning and
   * results behind each other's round trips.
   */
  planningWriter: GroupCommit;
  resultsWriter: GroupCommit;
  migrate(): Promise<string[]>;
  close(): Promise<void>;
}

export interface DbOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  /** SQLite file name inside dataDir (tests use their own temp dir). */
  sqliteFile?: string;
  poolSize?: number;
  /**
   * Told about errors of pooled PostgreSQL connections (a restart or failover ends every one of
   * them). They are expected and harmless: the query that was running fails on its own, and the
   * pool replaces the connection. Default: ignored.
   */
  onConnectionError?: (err: Error) => void;
  /**
   * PostgreSQL: hot-path statements run as named prepared statements (default). Off for a
   * connection pooler that cannot keep them (PgBouncer in transaction mode before 1.21).
   */
  prepared?: boolean;
}

export function createDb(opts: DbOptions): Store {
  if (opts.databaseUrl) return createPostgres(opts.databaseUrl, opts.poolSize ?? 10, opts.onConnectionError ?? (() => {}), opts.prepared ?? true);
  fs.mkdirSync(opts.dataDir, { recursive: true });
  return createSqlite(path.join(opts.dataDir, opts.sqliteFile ?? 'herald.db'));
}

function createSqlite(file: string): Store {
  const database = new SQLite(file);
  database.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable against process crashes (kill -9); only an OS crash can lose
  // the last commits, which is the trade SQLite's own docs recommend for WAL.
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  database.pragma('busy_timeout = 5000');
  // Checkpoints run in a worker thread (checkpointer.ts), never inside a commit on the event loop.
  database.pragma('wal_autocheckpoint = 0');
  const checkpointer = startCheckpointer({
    database,
    file,
    driverPath: createRequire(import.meta.url).resolve('better-sqlite3'),
    onError: (message) => process.emitWarning(`SQLite checkpoint failed: ${message}`),
  });
  const cached = withStatementCache(database);
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: cached }), plugins: [workspaceScope()] });
  directSqlite(db, cached);
  const optimizer = startOptimizer(database);
  return wrap(
    db,
    { dialect: 'sqlite', skipLocked: false, rowLocks: false, multiRowInsert: false, deliverySeq: true, derivedDeliveryColumns: true },
    async () => {
      clearInterval(optimizer.timer);
      await checkpointer.stop();
    },
    optimizer.atStart,
    () => checkpointer.pausedUntil(),
  );
}

/** SQLite commits at most this often under load (group-commit.ts: fewer, larger commits). */
const SQLITE_COMMIT_GAP_MS = 2;
const OPTIMIZE_EVERY_MS = 3600_000;

/**
 * The planner chooses the console's indexes from statistics (sqlite_stat1/stat4), which SQLite
 * never gathers by itself: `PRAGMA optimize` at start (after migrations, which add indexes) and
 * hourly, as SQLite's docs recommend for long-lived connections. `analysis_limit` bounds each
 * ANALYZE to a sample, so even at millions of rows it holds the event loop for milliseconds.
 */
function startOptimizer(database: SQLite.Database): { atStart: () => void; timer: NodeJS.Timeout } {
  database.pragma('analysis_limit = 400');
  const run = (pragma: string) => {
    try {
      database.pragma(pragma);
    } catch (err) {
      // Busy or read-only: statistics are an optimisation; the next run tries again.
      process.emitWarning(`SQLite ${pragma} failed: ${(err as Error).message}`);
    }
  };
  const timer = setInterval(() => run('optimize'), OPTIMIZE_EVERY_MS);
  timer.unref();
  // 0x10002: also analyze tables that were never analyzed (a database from before this release).
  return { atStart: () => run('optimize = 0x10002'), timer };
}

function createPostgres(url: string, max: number, onConnectionError: (err: Error) => void, prepared: boolean): Store {
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary'): unknown {
      // int8 (bigint timestamps, COUNT) → number: epoch millis fit easily in a double.
      if (oid === 20) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types,
    // While the server is away (a failover to an address that does not answer yet), a request
    // waits this long for a connection and then fails, rather than hanging with its caller.
    connectionTimeoutMillis: 5000,
    // A server that vanished without closing its sockets (a failed-over machine) is noticed.
    keepAlive: true,
  });
  // The pool listens for errors on idle clients only: it removes its listener while a client is
  // checked out (Kysely holds one for each query and for a whole transaction), and an 'error'
  // event without a listener throws — a PostgreSQL restart used to crash every process this way.
  // This listener stays for the client's whole life; the query that was running fails on its
  // own, and the pool drops the broken client when it comes back.
  pool.on('connect', (client) => {
    client.on('error', onConnectionError);
    if (prepared) runHotPathPrepared(client);
  });
  // Idle clients: the pool replaces them. The listener above already reported the error.
  pool.on('error', () => {});
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), plugins: [workspaceScope()] });
  return wrap(db, { dialect: 'postgres', skipLocked: true, rowLocks: true, multiRowInsert: true, deliverySeq: false, derivedDeliveryColumns: false });
}

/**
 * Kysely sends every statement as text with parameters (an unnamed statement, parsed and planned
 * at each execution). The hot path's statements (store/raw-sql.ts) go by name instead: the
 * connection prepares each once and then only binds and executes it.
 */
function runHotPathPrepared(client: pg.PoolClient): void {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]): unknown => {
    const [text, values] = args;
    const name = typeof text === 'string' && args.length === 2 && Array.isArray(values) ? preparedName(text) : undefined;
    return name ? query({ name, text, values }) : query(...args);
  };
}

function wrap(
  db: Kysely<Database>,
  caps: DbCapabilities,
  beforeClose?: () => Promise<void>,
  afterMigrate?: () => void,
  writerPausedUntil?: () => Promise<void> | undefined,
): Store {
  const writer = new GroupCommit(db, { pausedUntil: writerPausedUntil, minGapMs: caps.dialect === 'sqlite' ? SQLITE_COMMIT_GAP_MS : 0 });
  const own = () => (caps.dialect === 'postgres' ? new GroupCommit(db) : writer);
  return {
    db,
    caps,
    writer,
    planningWriter: own(),
    resultsWriter: own(),
    async migrate() {
      // Unordered: migrations only add tables and columns, so one written on a branch that lands
      // after a later-numbered one must still apply.
      const migrator = new Migrator({ db, provider: migrationProvider, allowUnorderedMigrations: true });
      // Migrations work on every workspace's rows.
      const { error, results } = await asSystem(() => migrator.migrateToLatest());
      if (error) throw error instanceof Error ? error : new Error(`migration failed: ${JSON.stringify(error)}`);
      afterMigrate?.();
      return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    },
    async close() {
      await beforeClose?.();
      await db.destroy();
    },
  };
}

/**
 * Cheap readiness probe for /api/ready: rejects when the database does not answer within
 * `timeoutMs` (a failover can leave connection attempts hanging).
 */
export async function ping(db: Kysely<Database>, timeoutMs = 2000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the database did not answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([sql`select 1`.execute(db), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
