import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { bindableLimit, withStatementCache } from './sqlite-statements.js';

describe('SQLite statements', () => {
  it('makes a bare LIMIT parameter an expression, and leaves every other LIMIT as written', () => {
    expect(bindableLimit('SELECT id FROM events WHERE dispatched = 0 ORDER BY id LIMIT ?')).toBe(
      'SELECT id FROM events WHERE dispatched = 0 ORDER BY id LIMIT ? + 0',
    );
    expect(bindableLimit('select "id" from "t" order by "id" limit ? offset ?')).toBe('select "id" from "t" order by "id" limit ? + 0 offset ?');
    expect(bindableLimit('SELECT * FROM (SELECT id FROM t LIMIT ?) LIMIT ?')).toBe('SELECT * FROM (SELECT id FROM t LIMIT ? + 0) LIMIT ? + 0');
    for (const unchanged of [
      'SELECT id FROM t LIMIT 1',
      'SELECT id FROM t LIMIT ? + 0',
      'SELECT id FROM t LIMIT ?, ?',
      'SELECT id AS unlimited FROM t WHERE x = ?',
    ])
      expect(bindableLimit(unchanged)).toBe(unchanged);
  });

  it('answers each limit with as many rows, through Kysely and precompiled text alike', async () => {
    const database = new SQLite(':memory:');
    database.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT)');
    const insert = database.prepare('INSERT INTO t (v) VALUES (?)');
    for (let i = 0; i < 50; i++) insert.run(`v${i}`);
    const cached = withStatementCache(database);
    const direct = cached.prepare('SELECT id FROM t ORDER BY id LIMIT ? OFFSET ?');
    expect(direct.all(3, 10)).toEqual([{ id: 11 }, { id: 12 }, { id: 13 }]);
    expect(direct.all(1, 0)).toEqual([{ id: 1 }]);
    // The same text is one statement, prepared once.
    expect(cached.prepare('SELECT id FROM t ORDER BY id LIMIT ? OFFSET ?')).toBe(direct);
    const db = new Kysely<{ t: { id: number; v: string } }>({ dialect: new SqliteDialect({ database: cached }) });
    for (const n of [5, 2, 40])
      expect((await db.selectFrom('t').select('id').orderBy('id', 'desc').limit(n).execute()).map((r) => r.id)).toEqual(
        Array.from({ length: n }, (_, i) => 50 - i),
      );
    await db.destroy();
  });
});
