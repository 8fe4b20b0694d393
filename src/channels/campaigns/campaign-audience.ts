import { sql } from 'kysely';
import type { Db } from '../../core/outbox.js';
import { nextTurn } from '../../loop-turns.js';
import type { Audience } from './campaigns-service.js';

/** Lets requests and deliveries run between two batches. */
export const breathe = nextTurn;

/**
 * The audience's customers, `size()` at a time (asked before each batch, so the caller can adapt
 * it), each batch read (and, for named ids, created) on its own.
 */
export async function* audienceBatches(db: Db, audience: Audience, size: () => number): AsyncGenerator<string[]> {
  if (audience.customerIds?.length) {
    const ids = [...new Set(audience.customerIds)];
    for (let i = 0; i < ids.length;) {
      const now = Date.now();
      const batch = ids.slice(i, i + size());
      i += batch.length;
      // Participants the app names may be new to Herald: they are created, as sessions would.
      await db
        .insertInto('customers')
        .values(batch.map((id) => ({ id, name: null, email: null, phone: null, locale: null, timezone: null, created_at: now, updated_at: now })))
        .onConflict((oc) => oc.columns(['workspace_id', 'id']).doNothing())
        .execute();
      yield batch;
    }
    return;
  }
  const where = audience.where ?? {};
  let after: string | undefined;
  for (;;) {
    const rows = await db
      .selectFrom('customers')
      .select('customers.id')
      .$if(after !== undefined, (q) => q.where('customers.id', '>', after!))
      .$if(where.locale !== undefined, (q) => q.where(sql<boolean>`lower(customers.locale) like ${`${where.locale!.toLowerCase()}%`}`))
      .$if(where.channel !== undefined, (q) =>
        q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('sessions')
              .select('sessions.id')
              .whereRef('sessions.customer_id', '=', 'customers.id')
              .where('sessions.channel', '=', where.channel!),
          ),
        ),
      )
      .orderBy('customers.id')
      .limit(size())
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => r.id);
    after = rows[rows.length - 1]!.id;
  }
}
