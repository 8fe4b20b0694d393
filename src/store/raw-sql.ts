/**
 * Hot-path statements written once as SQL text and run precompiled. Building a query with Kysely
 * costs more than running it on SQLite (a tenth of the ingest path's CPU); these few statements
 * run once per message or per delivery, so they skip the builder. The text uses `?`; on
 * PostgreSQL the placeholders are numbered once and cached. Everything else stays Kysely.
 */
import { CompiledQuery, type Kysely, PostgresAdapter, type QueryResult, type Transaction } from 'kysely';
import type { Database } from './schema.js';
import { WorkspaceScopeError, currentWorkspace, inAnyScope, statementFitsScope, statementNeedsScope } from './workspace-scope.js';

const numberedCache = new Map<string, string>();
/** PostgreSQL text of a hot-path statement → the name it is prepared under on each connection. */
const preparedNames = new Map<string, string>();

function numbered(text: string): string {
  let out = numberedCache.get(text);
  if (out === undefined) {
    let i = 0;
    out = text.replace(/\?/g, () => `$${++i}`);
    numberedCache.set(text, out);
    // A statement whose result columns follow a table's (`RETURNING *`, `SELECT * FROM t`) is
    // left unprepared: a column added by a newer process's migration would make PostgreSQL
    // refuse the prepared plan ("cached plan must not change result type") until reconnect.
    if (!/RETURNING (\w+\.)?\*|SELECT (\w+\.)?\* FROM (?!unnest\()/i.test(out)) preparedNames.set(out, `herald_${preparedNames.size + 1}`);
  }
  return out;
}

/**
 * The name under which a connection prepares `text` (PostgreSQL hot-path statements only): run
 * by name, PostgreSQL parses and plans it once per connection instead of at every execution,
 * which was a large share of its CPU per delivery. Undefined for any other statement.
 */
export function preparedName(text: string): string | undefined {
  return preparedNames.get(text);
}

export function isPostgres(db: Kysely<Database> | Transaction<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A statement's scope needs (workspace-scope.ts), read once per text: the same few run per delivery. */
const scopeNeeds = new Map<string, { fits: boolean; needs: boolean }>();

/** SQLite: the statement-caching connection behind each Kysely handle's adapter (directSqlite()). */
interface SqliteConnection {
  prepare(text: string): { reader: boolean; all(params: unknown[]): unknown[]; run(params: unknown[]): { changes: number; lastInsertRowid: number | bigint } };
}
const sqliteConnections = new WeakMap<object, SqliteConnection>();

/**
 * Lets runSql run SQLite statements inside a transaction straight on `connection`, the one Kysely
 * `db` runs on (store/db.ts registers it). Through Kysely's executor each statement went through
 * its connection provider, mutex and promise chain: more than SQLite took to run most of them (a
 * tenth of a Web Push fan-out's event loop). Inside a transaction the connection is the
 * transaction's until it ends, so calling it directly runs in the same transaction, in order.
 */
export function directSqlite(db: Kysely<Database>, connection: SqliteConnection): void {
  sqliteConnections.set(db.getExecutor().adapter, connection);
}

/** Runs `text` (with `?` placeholders) on either engine. */
export function runSql<R>(db: Kysely<Database> | Transaction<Database>, text: string, params: readonly unknown[]): Promise<QueryResult<R>> {
  // These bypass the store's workspace scope: in a request they must scope themselves, and like
  // any tenant query they never run outside a scope (asSystem or withWorkspace).
  let scope = scopeNeeds.get(text);
  if (scope === undefined) scopeNeeds.set(text, (scope = { fits: statementFitsScope(text), needs: statementNeedsScope(text) }));
  if (!scope.fits && currentWorkspace() !== undefined) {
    return Promise.reject(new WorkspaceScopeError(`A precompiled statement on tenant tables must name workspace_id: ${text.slice(0, 80)}`));
  }
  if (scope.needs && !inAnyScope()) {
    return Promise.reject(new WorkspaceScopeError(`A precompiled statement on tenant tables ran outside any workspace scope: ${text.slice(0, 80)}`));
  }
  // Outside a transaction the statement waits for the connection like any other query (another
  // transaction may hold it across an await).
  const connection = db.isTransaction ? sqliteConnections.get(db.getExecutor().adapter) : undefined;
  if (connection) return runOnSqlite<R>(connection, text, params as unknown[]);
  return db.executeQuery<R>(CompiledQuery.raw(isPostgres(db) ? numbered(text) : text, params as unknown[]));
}

/** What Kysely's SQLite driver answers for the same statement (rows, or what changed). */
function runOnSqlite<R>(connection: SqliteConnection, text: string, params: unknown[]): Promise<QueryResult<R>> {
  try {
    const stmt = connection.prepare(text);
    if (stmt.reader) return Promise.resolve({ rows: stmt.all(params) as R[] });
    const { changes, lastInsertRowid } = stmt.run(params);
    return Promise.resolve({ numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid), rows: [] });
  } catch (err) {
    return Promise.reject(err instanceof Error ? err : new Error(String(err)));
  }
}

/**
 * A hot-path statement with a list of ids as one parameter, written `column IN LIST(?)`: on
 * PostgreSQL `column = ANY(?::text[])`, bound to the array; on SQLite `column IN (SELECT value
 * FROM json_each(?))`, bound to its JSON. One fixed text per engine, whatever the list's length.
 */
export interface ListSql {
  sqlite: string;
  postgres: string;
}

export function listSql(text: string): ListSql {
  const list = /(\w+) IN LIST\(\?\)/g;
  return { sqlite: text.replace(list, '$1 IN (SELECT value FROM json_each(?))'), postgres: text.replace(list, '$1 = ANY(?::text[])') };
}

/** Runs a listSql statement: array parameters are its lists. */
export function runListSql<R>(db: Kysely<Database> | Transaction<Database>, statement: ListSql, params: readonly unknown[]): Promise<QueryResult<R>> {
  if (isPostgres(db)) return runSql<R>(db, statement.postgres, params);
  return runSql<R>(
    db,
    statement.sqlite,
    params.map((p) => (Array.isArray(p) ? JSON.stringify(p) : p)),
  );
}

/** Texts by their columns (the callers' constant arrays), then by table, rows and suffix. */
const valuesTexts = new WeakMap<ReadonlyArray<string>, Map<string, string>>();

/**
 * `INSERT INTO table (columns) VALUES (?, …), … ` for `rows` rows, then `suffix` (an ON CONFLICT
 * clause), built once per shape: callers insert in chunks of a few fixed sizes (insertChunks), so
 * a handful of texts are prepared once and reused. `columns` should be a constant array: it keys
 * the cache, so a chunk of the hot path looks its text up without joining the column names.
 */
export function insertValuesText(table: string, columns: ReadonlyArray<string>, rows: number, suffix = ''): string {
  let texts = valuesTexts.get(columns);
  if (texts === undefined) valuesTexts.set(columns, (texts = new Map<string, string>()));
  const key = `${table}:${rows}:${suffix}`;
  let text = texts.get(key);
  if (text === undefined) {
    const placeholders = `(${columns.map(() => '?').join(', ')})`;
    text = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => placeholders).join(', ')}${suffix ? ` ${suffix}` : ''}`;
    texts.set(key, text);
  }
  return text;
}

/**
 * Splits `count` rows into chunks of `chunk` rows, then of its halves down to one for the rest
 * (a few fixed statement texts, prepared once), and calls `run(from, size)` for each in order.
 */
export async function insertChunks(count: number, chunk: number, run: (from: number, size: number) => Promise<unknown>): Promise<void> {
  let i = 0;
  for (let size = chunk; size >= 1; size >>= 1) for (; count - i >= size; i += size) await run(i, size);
}
