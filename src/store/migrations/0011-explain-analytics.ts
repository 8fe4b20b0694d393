import type { Kysely } from 'kysely';

/**
 * Explain and analytics (CONTRACT §13).
 * - `event_decisions`: per event, the candidates the routing rules considered that got no
 *   deliveries row (one JSON row per event, written only when there is such a candidate); the
 *   rest of an event's explanation is its deliveries rows, so nothing per delivery is added.
 * - Two indexes for GET /api/analytics/deliveries: every figure is a count of an index range
 *   (status × time, destination × status × time), which SQLite answers by walking the index with
 *   no sort, so a million deliveries are summarized without reading a table row. `updated_at`
 *   rides along so latency samples are read from the index too.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('event_decisions')
    .addColumn('event_id', 'text', (c) => c.primaryKey())
    .addColumn('decisions', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_decisions_created_idx').on('event_decisions').column('created_at').execute();
  await db.schema.createIndex('deliveries_analytics_time_idx').on('deliveries').columns(['status', 'created_at', 'updated_at']).execute();
  await db.schema.createIndex('deliveries_analytics_dest_idx').on('deliveries').columns(['destination', 'status', 'created_at', 'updated_at']).execute();
}
