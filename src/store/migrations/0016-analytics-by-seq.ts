import { type Kysely, SqliteAdapter, sql } from 'kysely';

/**
 * Fewer bytes per delivery on SQLite (issue 16): analytics counts by seq ranges instead of time
 * ranges, so two of its indexes shrink to one.
 *
 * A delivery's id names the millisecond it was made (`newId('dlv', created_at)`) and, on SQLite,
 * `seq` follows the ids (0013). So "created in [t, t + w)" is a seq range, found by one seek of
 * the ids' unique index each end, as the console already does for `from`/`to`
 * (engine/deliveries.ts). Counts per status in a seq range are then index-only walks of
 * `deliveries_status_idx (status)`, whose entries end in seq; counts per destination and status
 * walk `(destination, status)`, which ends in seq too. Neither needs `created_at` or `updated_at`
 * in an index: `deliveries_analytics_time_idx` (status, created_at, updated_at) goes, and
 * `deliveries_analytics_dest_idx` (destination, status, created_at, updated_at) becomes
 * `(destination, status)`. Latency samples read their rows (a few thousand at most).
 *
 * PostgreSQL keeps both indexes and counts by time (it has no seq; 0013): the answers are the same.
 * Dropping and creating indexes changes no row: rows written before are counted as they are.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (!(db.getExecutor().adapter instanceof SqliteAdapter)) return;
  await db.transaction().execute(async (tx) => {
    await sql`DROP INDEX IF EXISTS deliveries_analytics_time_idx`.execute(tx);
    await sql`DROP INDEX IF EXISTS deliveries_analytics_dest_idx`.execute(tx);
    await sql`CREATE INDEX deliveries_destination_idx ON deliveries (destination, status)`.execute(tx);
  });
}
