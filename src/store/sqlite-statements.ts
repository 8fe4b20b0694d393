import type SQLite from 'better-sqlite3';

/**
 * Kysely's SQLite driver prepares every query anew; preparing is a large share of a small
 * query's cost. Statements are reusable and the driver runs one query at a time, so a bounded
 * cache keyed by SQL text is safe. Queries with IN lists of varying length produce varying
 * SQL, hence the bound. Every statement is prepared through here, Kysely's and the precompiled
 * hot-path ones (raw-sql.ts) alike, with its LIMIT made bindable (bindableLimit).
 */
export function withStatementCache(database: SQLite.Database, max = 500): SQLite.Database {
  const cache = new Map<string, SQLite.Statement>();
  // One function for every call: runSql asks for `prepare` at each statement it runs.
  const prepare = (sqlText: string): SQLite.Statement => {
    let stmt = cache.get(sqlText);
    if (!stmt) {
      stmt = database.prepare(bindableLimit(sqlText));
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sqlText, stmt);
    }
    return stmt;
  };
  return new Proxy(database, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const v: unknown = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/**
 * `LIMIT ?` becomes `LIMIT ? + 0`. SQLite's planner reads a LIMIT that is a bare parameter to
 * cost its plans, and so marks the statement to be compiled again whenever that parameter is
 * bound, which better-sqlite3 does at every run: a prepared statement was then prepared anew on
 * every call. For the dispatcher's read of waiting events that was ~100 µs a read where running
 * it costs 3-5 µs (316 µs a read inside Herald under load, as much SQLite time as all commits).
 * An expression is not read at planning time, so the statement stays compiled; the rows are the
 * same. A literal LIMIT would do too, but would make a statement per value.
 */
export function bindableLimit(sqlText: string): string {
  return sqlText.replace(/\blimit\s+\?(?!\s*[+\-*/,])/gi, (m) => `${m} + 0`);
}
