import type { Kysely } from 'kysely';
import type { Database } from '../store/schema.js';
import { asSystem } from '../store/workspace-scope.js';

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

export function engineActivity(db: Kysely<Database>, now = Date.now()): Promise<EngineActivity> {
  // The whole engine's work: every workspace's.
  return asSystem(() => activityOf(db, now));
}

async function activityOf(db: Kysely<Database>, now: number): Promise<EngineActivity> {
  // One statement, so one snapshot: three separate counts could straddle a commit (the attempt
  // seen neither as "sending" by one query nor as "due" by the next) and report quiet too soon.
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .selectFrom('events')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('dispatched', '=', 0)
        .as('undispatchedEvents'),
      eb
        .selectFrom('deliveries')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('status', '=', 'sending')
        .as('sending'),
      eb
        .selectFrom('deliveries')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('status', 'in', ['queued', 'retrying'])
        .where('next_attempt_at', '<=', now)
        .as('due'),
    ])
    .executeTakeFirstOrThrow();
  return { undispatchedEvents: Number(row.undispatchedEvents ?? 0), sending: Number(row.sending ?? 0), due: Number(row.due ?? 0) };
}

/** True when the engine has nothing left to do right now. */
export function isQuiet(a: EngineActivity): boolean {
  return a.undispatchedEvents === 0 && a.sending === 0 && a.due === 0;
}
