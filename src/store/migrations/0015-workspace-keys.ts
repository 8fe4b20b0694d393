import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Keys that come from the app, per workspace (issue 15, docs/workspaces.md): the same customer
 * `sub`, agent id, setting key, department name, device token or idempotency key in two
 * workspaces are two independent rows. Each primary or unique key below gains `workspace_id` in
 * front, and the foreign keys that point at a customer or an agent become composite, so a
 * session can only name a customer and an agent of its own workspace.
 *
 * PostgreSQL changes the constraints in place (the migration's transaction). SQLite cannot alter
 * a key: each table is rebuilt (https://www.sqlite.org/lang_altertable.html#otheralter) with
 * foreign keys off — the pragma is a no-op inside a transaction, and the migrator runs SQLite
 * migrations outside one (Kysely: no transactional DDL), so it is switched here around our own
 * transaction, as in 0013. A crash midway leaves every table as it was; a crash after the commit
 * but before the migrator records it runs the copy once more with the same result.
 *
 * A literal list, not TENANT_TABLES: a migration keeps doing what it did when later tables come.
 */
interface ForeignKey {
  /** The child's column that pointed at `parent (id)` alone. */
  column: string;
  parent: string;
  onDelete?: 'CASCADE';
}
interface Rekey {
  table: string;
  /** The new primary key (absent: the table keeps its own). */
  primaryKey?: string[];
  /** A column unique across the instance that becomes unique per workspace. */
  unique?: string;
  foreignKeys?: ForeignKey[];
}

const WS = 'workspace_id';

const REKEY: Rekey[] = [
  { table: 'agents', primaryKey: [WS, 'id'] },
  { table: 'push_configs', primaryKey: [WS, 'agent_id'], foreignKeys: [{ column: 'agent_id', parent: 'agents', onDelete: 'CASCADE' }] },
  { table: 'customers', primaryKey: [WS, 'id'] },
  {
    table: 'sessions',
    foreignKeys: [
      { column: 'agent_id', parent: 'agents' },
      { column: 'customer_id', parent: 'customers' },
    ],
  },
  { table: 'departments', unique: 'name' },
  { table: 'devices', unique: 'token_hash' },
  { table: 'notifications', unique: 'idempotency_key' },
  { table: 'preferences', primaryKey: [WS, 'owner_type', 'owner_id'] },
  { table: 'email_marks', primaryKey: [WS, 'recipient_type', 'recipient_id'] },
  { table: 'settings', primaryKey: [WS, 'key'] },
  // The principal (`customer:<sub>`, `operator:<id>`) is the app's id or acts in several workspaces.
  { table: 'idempotency_keys', primaryKey: [WS, 'principal', 'idem_key'] },
];

const fkSql = (fk: ForeignKey) => `FOREIGN KEY (${WS}, ${fk.column}) REFERENCES ${fk.parent} (${WS}, id)${fk.onDelete ? ` ON DELETE ${fk.onDelete}` : ''}`;

export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) await upSqlite(db);
  else await upPostgres(db);
}

async function upPostgres(db: Kysely<any>): Promise<void> {
  const constraints = async (table: string, type: 'p' | 'u' | 'f', column?: string) =>
    (
      await sql<{ conname: string }>`SELECT c.conname FROM pg_constraint c
        WHERE c.conrelid = ${table}::regclass AND c.contype = ${type}
          AND (${column ?? null}::text IS NULL OR c.conkey = ARRAY[(SELECT attnum FROM pg_attribute WHERE attrelid = ${table}::regclass AND attname = ${column ?? null}::text)]::int2[])`.execute(
        db,
      )
    ).rows.map((r) => r.conname);
  const run = (text: string) => sql.raw(text).execute(db);
  // Foreign keys first: a primary key cannot be dropped while one depends on it.
  for (const r of REKEY) {
    for (const fk of r.foreignKeys ?? []) {
      for (const name of await constraints(r.table, 'f', fk.column)) await run(`ALTER TABLE ${r.table} DROP CONSTRAINT ${name}`);
    }
  }
  for (const r of REKEY) {
    if (r.primaryKey) {
      for (const name of await constraints(r.table, 'p')) await run(`ALTER TABLE ${r.table} DROP CONSTRAINT ${name}`);
      await run(`ALTER TABLE ${r.table} ADD CONSTRAINT ${r.table}_pkey PRIMARY KEY (${r.primaryKey.join(', ')})`);
    }
    if (r.unique) {
      for (const name of await constraints(r.table, 'u', r.unique)) await run(`ALTER TABLE ${r.table} DROP CONSTRAINT ${name}`);
      await run(`ALTER TABLE ${r.table} ADD CONSTRAINT ${r.table}_${WS}_${r.unique}_key UNIQUE (${WS}, ${r.unique})`);
    }
  }
  for (const r of REKEY) {
    for (const fk of r.foreignKeys ?? []) await run(`ALTER TABLE ${r.table} ADD CONSTRAINT ${r.table}_${fk.column}_fkey ${fkSql(fk)}`);
  }
}

interface Column {
  name: string;
  type: string;
  notnull: number;
  dflt_value: string | null;
  pk: number;
}
interface SqliteForeignKey {
  id: number;
  seq: number;
  table: string;
  from: string;
  to: string | null;
  on_update: string;
  on_delete: string;
}

async function upSqlite(db: Kysely<any>): Promise<void> {
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (tx) => {
      for (const r of REKEY) await rebuild(tx, r);
      // Every session's customer and agent must now be found in the session's own workspace.
      const broken = await sql`PRAGMA foreign_key_check`.execute(tx);
      if (broken.rows.length) throw new Error(`migration 0015 found ${broken.rows.length} rows whose foreign keys point nowhere in their workspace`);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}

/**
 * Copies `r.table` into a new table with the same columns, indexes and constraints except the
 * keys `r` changes, then takes its place. Columns are read from the table itself, so a column
 * another migration added is carried along.
 */
async function rebuild(db: Kysely<any>, r: Rekey): Promise<void> {
  const { table } = r;
  const columns = (await sql<Column>`SELECT * FROM pragma_table_info(${table})`.execute(db)).rows;
  const oldPk = columns
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  const defs = columns.map((c) =>
    [`"${c.name}"`, c.type, c.notnull ? 'NOT NULL' : '', c.dflt_value !== null ? `DEFAULT ${c.dflt_value}` : ''].filter(Boolean).join(' '),
  );

  const constraints: string[] = [];
  const pk = r.primaryKey ?? oldPk;
  if (pk.length) constraints.push(`CONSTRAINT ${table}_pkey PRIMARY KEY (${pk.join(', ')})`);
  // UNIQUE constraints (their indexes are `sqlite_autoindex_…`, origin 'u'), but the one made per workspace.
  const indexes = (await sql<{ name: string; origin: string }>`SELECT name, origin FROM pragma_index_list(${table})`.execute(db)).rows;
  for (const ix of indexes.filter((i) => i.origin === 'u')) {
    const cols = (await sql<{ name: string }>`SELECT name FROM pragma_index_info(${ix.name}) ORDER BY seqno`.execute(db)).rows.map((c) => c.name);
    // The old one, or (run again after a crash between commit and bookkeeping) the new one.
    if (r.unique && (cols.join() === r.unique || cols.join() === `${WS},${r.unique}`)) continue;
    constraints.push(`UNIQUE (${cols.join(', ')})`);
  }
  if (r.unique) constraints.push(`CONSTRAINT ${table}_${WS}_${r.unique}_key UNIQUE (${WS}, ${r.unique})`);
  // Foreign keys as declared, but those re-pointed at a composite key.
  const fks = (await sql<SqliteForeignKey>`SELECT * FROM pragma_foreign_key_list(${table}) ORDER BY id, seq`.execute(db)).rows;
  const replaced = new Set((r.foreignKeys ?? []).map((f) => f.column));
  // SQLite numbers a table's foreign keys from the last declared: descending keeps their order.
  for (const id of [...new Set(fks.map((f) => f.id))].sort((a, b) => b - a)) {
    const parts = fks.filter((f) => f.id === id);
    const from = parts.map((p) => p.from);
    if ((from.length === 1 && replaced.has(from[0]!)) || (from.length === 2 && from[0] === WS && replaced.has(from[1]!))) continue;
    const to = parts.every((p) => p.to !== null) ? ` (${parts.map((p) => p.to).join(', ')})` : '';
    const actions = [
      parts[0]!.on_delete !== 'NO ACTION' ? ` ON DELETE ${parts[0]!.on_delete}` : '',
      parts[0]!.on_update !== 'NO ACTION' ? ` ON UPDATE ${parts[0]!.on_update}` : '',
    ];
    constraints.push(`FOREIGN KEY (${from.join(', ')}) REFERENCES ${parts[0]!.table}${to}${actions.join('')}`);
  }
  for (const fk of r.foreignKeys ?? []) constraints.push(fkSql(fk));

  // Indexes made by CREATE INDEX are made again as they were, on the new table.
  const made = (await sql<{ sql: string }>`SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table} AND sql IS NOT NULL`.execute(db)).rows;
  const fresh = `${table}_0015`;
  const names = columns.map((c) => `"${c.name}"`).join(', ');
  await sql.raw(`CREATE TABLE ${fresh} (${[...defs, ...constraints].join(', ')})`).execute(db);
  await sql.raw(`INSERT INTO ${fresh} (${names}) SELECT ${names} FROM ${table}`).execute(db);
  await sql.raw(`DROP TABLE ${table}`).execute(db);
  await sql.raw(`ALTER TABLE ${fresh} RENAME TO ${table}`).execute(db);
  for (const m of made) await sql.raw(m.sql).execute(db);
}
