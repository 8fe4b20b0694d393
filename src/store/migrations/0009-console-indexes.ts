import { type Kysely, sql } from 'kysely';

/**
 * Scale (issue 16): every console filter served by an index, and campaign progress kept as
 * counters instead of counted on each read.
 *
 * Deliveries are listed newest first (`ORDER BY id DESC`, ids sort by time), so each index ends
 * in `id`: a filter becomes one index range walked backwards that stops after a page. `status`
 * trails the agent and channel indexes so "agent + status" and "channel + status" (both
 * low-cardinality columns) are checked inside the index, without fetching rows that do not
 * match. The customer index needs no such column: one customer's deliveries are few. Status
 * alone, session, event and notification already had theirs (0001). A time range is an id range
 * (ids start with their creation time), served by whichever of these indexes the other filters pick.
 */
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s.createIndex('deliveries_customer_idx').on('deliveries').columns(['customer_id', 'id']).execute();
  // Push deliveries have no agent: a partial index leaves their half of the rows out
  // (`agent_id = ?` implies the condition on both engines).
  await sql`CREATE INDEX deliveries_agent_idx ON deliveries (agent_id, id, status) WHERE agent_id IS NOT NULL`.execute(db);
  await s.createIndex('deliveries_channel_idx').on('deliveries').columns(['channel', 'id', 'status']).execute();
  // Most deliveries have no notification row: the same for the notification lookup.
  await s.dropIndex('deliveries_notification_idx').execute();
  await sql`CREATE INDEX deliveries_notification_idx ON deliveries (notification_id) WHERE notification_id IS NOT NULL`.execute(db);
  // The outbox is read only for undispatched events: a partial index keeps no entry for the
  // millions already dispatched (the dispatcher's query says `dispatched = 0` literally to use it).
  await s.dropIndex('events_pending_idx').execute();
  await sql`CREATE INDEX events_pending_idx ON events (id) WHERE dispatched = 0`.execute(db);
  // The sessions list filters by channel too (customer, status and agent have indexes since 0001).
  await s.createIndex('sessions_channel_idx').on('sessions').columns(['channel', 'id']).execute();

  // One row per campaign stage: how many of its steps are in each state, moved in the same
  // transaction as the steps themselves.
  await s
    .createTable('campaign_progress')
    .addColumn('campaign_id', 'text', (c) => c.notNull().references('campaigns.id').onDelete('cascade'))
    .addColumn('stage', 'integer', (c) => c.notNull())
    .addColumn('pending', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sent', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('skipped', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('campaign_progress_pk', ['campaign_id', 'stage'])
    .execute();
  await sql`INSERT INTO campaign_progress (campaign_id, stage, pending, sent, failed, skipped)
    SELECT campaign_id, stage,
      SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'sent' THEN 1 ELSE 0 END),
      SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), SUM(CASE WHEN status = 'skipped' THEN 1 ELSE 0 END)
    FROM campaign_steps GROUP BY campaign_id, stage`.execute(db);
}
