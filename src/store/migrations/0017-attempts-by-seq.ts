import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Fewer bytes per delivery on SQLite (issue 16): an attempt names its delivery by the delivery's
 * integer `seq` (0013) instead of a copy of its 30-character id. `delivery_attempts` is keyed by
 * `(delivery_seq, attempt)`, WITHOUT ROWID as before, so the key is stored once and is ~28 bytes
 * shorter per attempt. An attempt is written with `(SELECT seq FROM deliveries WHERE id = ?)`
 * (engine/delivery-sql.ts) and read by its delivery's seq (engine/attempt-rows.ts); both sides
 * still speak of delivery ids.
 *
 * PostgreSQL keeps `delivery_id` (a heap has no rowid to point at; 0013).
 *
 * SQLite cannot change a table's key in place: the table is copied once, in key order, with each
 * attempt's delivery looked up by id (seconds per million attempts), in one transaction with
 * foreign keys off around it, as in 0013. A crash midway leaves the old table as it was. An
 * attempt whose delivery is gone (none should be: the foreign key cascades) is not copied.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await sql`PRAGMA foreign_keys = OFF`.execute(db);
  try {
    await db.transaction().execute(async (tx) => {
      await sql`CREATE TABLE delivery_attempts_0017 (
          delivery_seq integer NOT NULL REFERENCES deliveries (seq) ON DELETE CASCADE,
          attempt integer NOT NULL,
          started_at bigint NOT NULL,
          latency_ms integer NOT NULL,
          ok integer NOT NULL,
          status_code integer,
          error text,
          response text,
          provider_message_id text,
          workspace_id text DEFAULT 'default' NOT NULL,
          PRIMARY KEY (delivery_seq, attempt)
        ) WITHOUT ROWID`.execute(tx);
      await sql`INSERT INTO delivery_attempts_0017
          (delivery_seq, attempt, started_at, latency_ms, ok, status_code, error, response, provider_message_id, workspace_id)
        SELECT d.seq, a.attempt, a.started_at, a.latency_ms, a.ok, a.status_code, a.error, a.response, a.provider_message_id, a.workspace_id
        FROM delivery_attempts a JOIN deliveries d ON d.id = a.delivery_id
        ORDER BY d.seq, a.attempt`.execute(tx);
      await sql`DROP TABLE delivery_attempts`.execute(tx);
      await sql`ALTER TABLE delivery_attempts_0017 RENAME TO delivery_attempts`.execute(tx);
      const broken = await sql`PRAGMA foreign_key_check`.execute(tx);
      if (broken.rows.length) throw new Error(`migration 0017 found ${broken.rows.length} rows whose foreign keys point nowhere`);
    });
  } finally {
    await sql`PRAGMA foreign_keys = ON`.execute(db);
  }
}
