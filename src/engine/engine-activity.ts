import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';

/**
 * What the engine still has to do, as the database shows it (and so across every process
 * sharing it). All zeros means an event written before this call has been planned and every
 * delivery due so far has had its attempt recorded: nothing more happens until time passes
 * (a later retry, a digest slot) or something new is written.
 */
export interface EngineActivity {
  /** Outbox events not planned yet. */
  undispatchedEvents: number;
  /** Deliveries claimed by a sender whose attempt has not been recorded. */
  sending: number;
  /** Queued or retrying deliveries whose time has come. */
  due: number;
}

export async function engineActivity(db: Kysely<Database>, now = Date.now()): Promise<EngineActivity> {
  const count = (q: Promise<{ n: number | string } | undefined>) => q.then((r) => Number(r?.n ?? 0));
  const [undispatchedEvents, sending, due] = await Promise.all([
    count(
      db
        .selectFrom('events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('dispatched', '=', 0)
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', '=', 'sending')
        .executeTakeFirst(),
    ),
    count(
      db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('status', 'in', ['queued', 'retrying'])
        .where('next_attempt_at', '<=', now)
        .executeTakeFirst(),
    ),
  ]);
  return { undispatchedEvents, sending, due };
}

/** True when the engine has nothing left to do right now. */
export function isQuiet(a: EngineActivity): boolean {
  return a.undispatchedEvents === 0 && a.sending === 0 && a.due === 0;
}
