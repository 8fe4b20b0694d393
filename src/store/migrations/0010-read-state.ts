import type { Kysely } from 'kysely';

// Read state, escalation ladders and quiet hours (CONTRACT §13).
export async function up(db: Kysely<any>): Promise<void> {
  // How far each participant has read in a session: one row per reader, moved forward only.
  await db.schema
    .createTable('session_reads')
    .addColumn('session_id', 'text', (c) => c.notNull().references('sessions.id').onDelete('cascade'))
    .addColumn('reader_type', 'text', (c) => c.notNull())
    .addColumn('reader_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('session_reads_pk', ['session_id', 'reader_type', 'reader_id'])
    .execute();
  // What a held or scheduled delivery must check once more when it comes due. Only deliveries an
  // escalation ladder or quiet hours touched have a row: the common delivery has none.
  await db.schema
    .createTable('delivery_holds')
    .addColumn('delivery_id', 'text', (c) => c.primaryKey().references('deliveries.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text')
    .addColumn('seq', 'integer')
    .addColumn('step', 'integer')
    // Quiet hours: held deliveries of one recipient, target and window end become one summary.
    .addColumn('group_key', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('delivery_holds_group_idx').on('delivery_holds').columns(['group_key', 'delivery_id']).execute();
  await db.schema.createIndex('delivery_holds_session_idx').on('delivery_holds').columns(['session_id', 'seq']).execute();
  // JSON {start: "HH:MM", end: "HH:MM"} or null; the timezone is the recipient's IANA zone.
  await db.schema.alterTable('customers').addColumn('quiet_hours', 'text').execute();
  await db.schema.alterTable('operators').addColumn('timezone', 'text').execute();
  await db.schema.alterTable('operators').addColumn('quiet_hours', 'text').execute();
  // "Has anyone quiet hours?" is asked every few seconds: an index seek, not a scan of customers.
  await db.schema.createIndex('customers_quiet_idx').on('customers').column('quiet_hours').execute();
  await db.schema.createIndex('operators_quiet_idx').on('operators').column('quiet_hours').execute();
}
