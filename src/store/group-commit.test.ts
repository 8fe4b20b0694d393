import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { GroupCommit } from './group-commit.js';
import type { Database } from './schema.js';

type Tx = Transaction<Database>;
const nextTick = () => new Promise<void>((r) => setImmediate(r));

describe('group commit', () => {
  let db: Kysely<Database> | undefined;
  afterEach(async () => {
    await db?.destroy();
  });
  const open = () => (db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) }));

  it('without a gap, writes of different ticks commit separately', async () => {
    const commits = new GroupCommit(open());
    const seen: Tx[] = [];
    const a = commits.run(async (tx) => void seen.push(tx));
    await nextTick();
    const b = commits.run(async (tx) => void seen.push(tx));
    await Promise.all([a, b]);
    expect(seen).toHaveLength(2);
    expect(seen[0]).not.toBe(seen[1]);
  });

  it('writes arriving within minGapMs of the last commit wait and share the next commit', async () => {
    const commits = new GroupCommit(open(), { minGapMs: 200 });
    const seen: Tx[] = [];
    // An idle writer commits at the next tick: this one does not wait for the gap.
    await commits.run(async (tx) => void seen.push(tx));
    // Three writes in three different ticks, all inside the gap: one transaction.
    const later = [commits.run(async (tx) => void seen.push(tx))];
    await nextTick();
    later.push(commits.run(async (tx) => void seen.push(tx)));
    await nextTick();
    later.push(commits.run(async (tx) => void seen.push(tx)));
    await Promise.all(later);
    expect(seen).toHaveLength(4);
    expect(new Set(seen.slice(1)).size).toBe(1);
    expect(seen[1]).not.toBe(seen[0]);
  });

  describe('a tail', () => {
    const table = async (k: Kysely<Database>) => {
      await sql`CREATE TABLE t (v TEXT NOT NULL)`.execute(k);
      return k;
    };
    const rows = async (k: Kysely<Database>) => (await sql<{ v: string }>`SELECT v FROM t ORDER BY rowid`.execute(k)).rows.map((r) => r.v);
    const insert = (tx: Tx, v: string) => sql`INSERT INTO t (v) VALUES (${v})`.execute(tx);

    it("joins the batch's transaction after its writes, and hears of the commit before the writers do", async () => {
      const k = await table(open());
      const commits = new GroupCommit(k);
      const heard: string[] = [];
      commits.setTail(async (tx) => {
        await insert(tx, 'tail');
        return { committed: () => void heard.push('tail committed'), rolledBack: () => void heard.push('tail rolled back') };
      });
      await Promise.all([commits.run((tx) => insert(tx, 'a')).then(() => heard.push('a')), commits.run((tx) => insert(tx, 'b')).then(() => heard.push('b'))]);
      expect(await rows(k)).toEqual(['a', 'b', 'tail']);
      expect(heard).toEqual(['tail committed', 'a', 'b']);
    });

    it('that fails rolls back its own work and the batch; the writes are replayed without it', async () => {
      const k = await table(open());
      const commits = new GroupCommit(k);
      let runs = 0;
      commits.setTail(async (tx) => {
        runs++;
        await insert(tx, 'tail');
        throw new Error('planning failed');
      });
      await Promise.all([commits.run((tx) => insert(tx, 'a')), commits.run((tx) => insert(tx, 'b'))]);
      expect(await rows(k)).toEqual(['a', 'b']);
      expect(runs).toBe(1);
    });

    it('is told of a rollback when the commit itself fails after it ran', async () => {
      const k = await table(open());
      await sql`CREATE TABLE parent (id INTEGER PRIMARY KEY)`.execute(k);
      await sql`CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED)`.execute(k);
      await sql`PRAGMA foreign_keys = ON`.execute(k);
      const commits = new GroupCommit(k);
      const heard: string[] = [];
      let first = true;
      commits.setTail(async (tx) => {
        // The first batch's tail leaves a dangling reference: the deferred check fails the COMMIT.
        if (first) await sql`INSERT INTO child (p) VALUES (42)`.execute(tx);
        first = false;
        return { committed: () => void heard.push('committed'), rolledBack: () => void heard.push('rolled back') };
      });
      await commits.run((tx) => insert(tx, 'a'));
      expect(heard).toEqual(['rolled back']);
      expect(await rows(k)).toEqual(['a']);
      expect((await sql<{ n: number }>`SELECT count(*) AS n FROM child`.execute(k)).rows[0]!.n).toBe(0);
    });
  });
});
