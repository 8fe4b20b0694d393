import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect, type Transaction } from 'kysely';
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
});
