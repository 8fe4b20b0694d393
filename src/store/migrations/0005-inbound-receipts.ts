import type { Kysely } from 'kysely';

// Providers redeliver webhooks (a timeout on their side); the receipt makes a repeat a no-op.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('inbound_receipts')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('inbound_receipts_pk', ['source', 'external_id'])
    .execute();
}
