import type { Kysely } from 'kysely';

/**
 * Email and SMS notifications: when each person was last emailed (one email per offline period,
 * digests "since the last email"), what waits for the next digest, and which scheduled slots a
 * process has already claimed (so a digest runs once per slot however many processes run).
 */
export async function up(db: Kysely<any>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('email_marks')
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('last_email_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('email_marks_pk', ['recipient_type', 'recipient_id'])
    .execute();

  await s
    .createTable('email_digest_items')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_type', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('session_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('message_at', 'bigint', (c) => c.notNull())
    // 1: the message was written while the bot handled the session; the digest checks the grace.
    .addColumn('bot_check', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await s.createIndex('email_digest_items_recipient_idx').on('email_digest_items').columns(['recipient_type', 'recipient_id']).execute();

  await s
    .createTable('job_slots')
    .addColumn('job', 'text', (c) => c.notNull())
    .addColumn('slot', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('job_slots_pk', ['job', 'slot'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('job_slots').execute();
  await db.schema.dropTable('email_digest_items').execute();
  await db.schema.dropTable('email_marks').execute();
}
