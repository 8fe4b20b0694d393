import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Fewer bytes per delivery (issue 16). Part of it needs no schema change: webhook deliveries
 * store an empty payload and send their event's body, events store their fields without what
 * their columns hold, and dispatched events nobody sends keep only their seq (engine/stored-rows.ts,
 * core/event-body.ts); rows written before keep their form and are read as they are.
 *
 * On SQLite, three tables get a smaller key (PostgreSQL keeps its tables: a heap has no rowid to
 * fold a key into, and its console indexes stay as 0009 made them):
 * - `deliveries` gets `seq INTEGER PRIMARY KEY` (the rowid) in the order of the text ids, which
 *   stay unique. Every index ends in the rowid anyway, so the console indexes need not repeat
 *   the 30-character id to page newest first: `(status)` pages by seq. The console orders by
 *   seq on SQLite (engine/deliveries.ts); seq follows id because rows are copied in id order
 *   here and, after, every delivery is inserted by the one writer with an id made just before.
 * - `events` and `delivery_attempts` become WITHOUT ROWID tables: their primary key was a second
 *   copy of their key beside the table.
 * SQLite cannot change a table's key in place: each table is copied once, in key order, in one
 * transaction (about ten seconds per million deliveries before the server starts; see
 * docs/upgrading.md). A crash midway leaves the old tables as they were and the copy starts again.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  // A table is dropped and replaced while others refer to it (attempts → deliveries).
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (tx) => {
      await rebuild(tx, 'deliveries', {
        key: 'seq integer PRIMARY KEY',
        order: 'id',
        replace: (c) => (c.name === 'id' ? 'id text NOT NULL UNIQUE' : undefined),
        indexes: [
          // Each pages by the rowid its entries end in; channel and agent carry status after it so
          // "channel + status" and "agent + status" are checked inside the index (as in 0009).
          'CREATE INDEX deliveries_status_idx ON deliveries (status)',
          'CREATE INDEX deliveries_session_idx ON deliveries (session_id)',
          'CREATE INDEX deliveries_customer_idx ON deliveries (customer_id)',
          'CREATE INDEX deliveries_channel_idx ON deliveries (channel, seq, status)',
          'CREATE INDEX deliveries_agent_idx ON deliveries (agent_id, seq, status) WHERE agent_id IS NOT NULL',
        ],
      });
      await rebuild(tx, 'events', { order: 'id', withoutRowid: true });
      await rebuild(tx, 'delivery_attempts', { order: 'delivery_id, attempt', withoutRowid: true });
      const broken = await sql`PRAGMA foreign_key_check`.execute(tx);
      if (broken.rows.length) throw new Error(`migration 0013 found ${broken.rows.length} rows whose foreign keys point nowhere`);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}

interface Rebuild {
  /** A new first column (the rowid key), or none. */
  key?: string;
  /** The copy's order: the new key's. */
  order: string;
  withoutRowid?: boolean;
  /** A column's new definition, or undefined to keep it. */
  replace?: (c: Column) => string | undefined;
  /** Indexes defined anew; the table's other indexes are made again as they were. */
  indexes?: string[];
}

/** Copies `table` into a new table of the same columns with another key, then takes its place. */
async function rebuild(db: Kysely<any>, table: string, r: Rebuild): Promise<void> {
  const columns = (await sql<Column>`SELECT * FROM pragma_table_info(${table})`.execute(db)).rows;
  const master = await sql<{ type: string; name: string; sql: string | null }>`SELECT type, name, sql FROM sqlite_master WHERE tbl_name = ${table}`.execute(db);
  const create = master.rows.find((m) => m.type === 'table')!.sql!;
  const pk = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const defs = columns.map((c) => r.replace?.(c) ?? definition(c, create, pk.length === 1));
  if (r.key) defs.unshift(r.key);
  // Foreign keys and a composite key are table constraints: kept as the old table declared them.
  const constraints = tableConstraints(create);
  if (!r.key && pk.length > 1 && !constraints.some((c) => /PRIMARY KEY/i.test(c))) constraints.push(`PRIMARY KEY (${pk.join(', ')})`);
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  const fresh = `${table}_0013`;
  await sql.raw(`CREATE TABLE ${fresh} (${[...defs, ...constraints].join(', ')})${r.withoutRowid ? ' WITHOUT ROWID' : ''}`).execute(db);
  await sql.raw(`INSERT INTO ${fresh} (${names}) SELECT ${names} FROM ${table} ORDER BY ${r.order}`).execute(db);
  const redefined = new Set((r.indexes ?? []).map((i) => /CREATE INDEX (\w+)/.exec(i)![1]));
  const others = master.rows.filter((m) => m.type === 'index' && m.sql && !redefined.has(m.name)).map((m) => m.sql!);
  await sql.raw(`DROP TABLE ${table}`).execute(db);
  await sql.raw(`ALTER TABLE ${fresh} RENAME TO ${table}`).execute(db);
  for (const i of [...others, ...(r.indexes ?? [])]) await sql.raw(i).execute(db);
}

/** A column as the old table declared it (a single-column primary key stays the key). */
function definition(c: Column, create: string, singleKey: boolean): string {
  const parts = [`"${c.name}"`, c.type];
  if (c.pk > 0 && singleKey) parts.push('PRIMARY KEY');
  if (c.notnull) parts.push('NOT NULL');
  if (c.dflt_value !== null) parts.push(`DEFAULT ${c.dflt_value}`);
  // A column-level reference (Kysely writes `references` on the column).
  const ref = new RegExp(`(?:\\(|,)\\s*"?${c.name}"?\\s+[^,]*?(REFERENCES\\s+"?\\w+"?\\s*\\([^)]*\\)(\\s+ON\\s+DELETE\\s+\\w+)?)`, 'i').exec(create);
  if (ref) parts.push(ref[1]!);
  return parts.join(' ');
}

/** `CONSTRAINT … PRIMARY KEY (…)` and `FOREIGN KEY …` clauses of a CREATE TABLE statement. */
function tableConstraints(create: string): string[] {
  const body = create.slice(create.indexOf('(') + 1, create.lastIndexOf(')'));
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= body.length; i++) {
    const ch = body[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if ((ch === ',' && depth === 0) || i === body.length) {
      const part = body.slice(start, i).trim();
      if (/^(CONSTRAINT|PRIMARY KEY|FOREIGN KEY|UNIQUE|CHECK)\b/i.test(part)) out.push(part);
      start = i + 1;
    }
  }
  return out;
}
