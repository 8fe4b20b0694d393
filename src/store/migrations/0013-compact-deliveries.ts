import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Fewer bytes per delivery (issue 16). Most of it needs no schema change: webhook deliveries
 * store an empty payload and send their event's body, events store their fields without what
 * their columns hold, and dispatched events nobody sends keep only their seq (engine/stored-rows.ts,
 * core/event-body.ts); rows written before keep their form and are read as they are.
 *
 * Here, on SQLite: attempts keyed by (delivery_id, attempt) were a rowid table plus an index
 * holding the same key, so every attempt's delivery id was stored twice. A WITHOUT ROWID table
 * is its own key. SQLite cannot change that in place: the table is copied once, in one
 * transaction, in key order (a few seconds per million attempts, before the server starts).
 * PostgreSQL keeps its table (a heap plus its primary key index has nothing to fold).
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.transaction().execute(async (tx) => {
    await sql`CREATE TABLE delivery_attempts_compact (
      delivery_id text NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
      attempt integer NOT NULL,
      started_at bigint NOT NULL,
      latency_ms integer NOT NULL,
      ok integer NOT NULL,
      status_code integer,
      error text,
      response text,
      provider_message_id text,
      CONSTRAINT delivery_attempts_pk PRIMARY KEY (delivery_id, attempt)
    ) WITHOUT ROWID`.execute(tx);
    // In key order: the new table's pages fill up instead of splitting half empty.
    await sql`INSERT INTO delivery_attempts_compact
      SELECT delivery_id, attempt, started_at, latency_ms, ok, status_code, error, response, provider_message_id
      FROM delivery_attempts ORDER BY delivery_id, attempt`.execute(tx);
    await sql`DROP TABLE delivery_attempts`.execute(tx);
    await sql`ALTER TABLE delivery_attempts_compact RENAME TO delivery_attempts`.execute(tx);
  });
}
