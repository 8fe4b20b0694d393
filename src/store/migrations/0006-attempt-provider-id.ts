import type { Kysely } from 'kysely';

// The vendor's id of an accepted message (FCM name, APNs apns-id, Twilio SID): what their support asks for.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('delivery_attempts').addColumn('provider_message_id', 'text').execute();
}
