/**
 * Retention (HERALD_RETENTION_DAYS): deliveries that reached a final status longer ago than the
 * retention period, their attempts, and dispatched events no delivery refers to any more are
 * deleted — in small batches, so the purge never holds a long write lock on SQLite or a long
 * transaction on PostgreSQL, and once an hour however many processes run (the hourly slot is
 * claimed in job_slots). Sessions, messages, customers and everything else are kept.
 */
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { idAt } from '../ids.js';
import { deleteAttemptsOf } from './attempt-rows.js';
import type { Services } from '../services.js';
import type { Database, DeliveryStatus } from '../store/schema.js';
import { claimSlot } from '../channels/email-sms/digest-scheduler.js';
import type { HeraldModule } from '../channels/module.js';
import { asSystem } from '../store/workspace-scope.js';

/** Statuses a delivery never leaves; anything else may still be sent and is never purged. */
export const FINAL_STATUSES: readonly DeliveryStatus[] = ['delivered', 'failed', 'skipped', 'cancelled'];

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
export const RETENTION_JOB = 'retention.purge';

export interface PurgeResult {
  deliveries: number;
  attempts: number;
  events: number;
}

/** Deletes what is older than `cutoff` (epoch ms), `batchSize` rows per statement, in every workspace. */
export function purgeExpired(db: Kysely<Database>, cutoff: number, batchSize = 500): Promise<PurgeResult> {
  return asSystem(() => purgeAll(db, cutoff, batchSize));
}

async function purgeAll(db: Kysely<Database>, cutoff: number, batchSize: number): Promise<PurgeResult> {
  const result: PurgeResult = { deliveries: 0, attempts: 0, events: 0 };
  for (;;) {
    const ids = (
      await db
        .selectFrom('deliveries')
        .select('id')
        .where('status', 'in', [...FINAL_STATUSES])
        .where('updated_at', '<', cutoff)
        // Created before the cutoff too (ids start with their creation time): the search stays in
        // the old end of the index instead of reading every recent row once nothing old is left.
        .where('id', '<', idAt('dlv', cutoff))
        // The same bound as a time: on SQLite the status index ends in seq, not the id (0013).
        .where('created_at', '<', cutoff)
        .limit(batchSize)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) break;
    await db.transaction().execute(async (tx) => {
      result.attempts += await deleteAttemptsOf(tx, ids);
      const d = await tx.deleteFrom('deliveries').where('id', 'in', ids).executeTakeFirst();
      result.deliveries += Number(d.numDeletedRows);
    });
    if (ids.length < batchSize) break;
    await breathe();
  }
  for (;;) {
    const ids = (
      await db
        .selectFrom('events')
        .select('id')
        .where('dispatched', '=', 1)
        .where('created_at', '<', cutoff)
        .where('id', '<', idAt('evt', cutoff))
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('deliveries').select('deliveries.id').whereRef('deliveries.event_id', '=', 'events.id'))))
        .limit(batchSize)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) break;
    const e = await db.deleteFrom('events').where('id', 'in', ids).executeTakeFirst();
    result.events += Number(e.numDeletedRows);
    if (ids.length < batchSize) break;
    await breathe();
  }
  // Explanations go with their events (an event kept for a live delivery keeps its explanation).
  for (;;) {
    const ids = (
      await db
        .selectFrom('event_decisions')
        .select('event_id')
        .where('created_at', '<', cutoff)
        .where(({ not, exists, selectFrom }) => not(exists(selectFrom('events').select('events.id').whereRef('events.id', '=', 'event_decisions.event_id'))))
        .limit(batchSize)
        .execute()
    ).map((r) => r.event_id);
    if (ids.length === 0) break;
    await db.deleteFrom('event_decisions').where('event_id', 'in', ids).execute();
    if (ids.length < batchSize) break;
    await breathe();
  }
  return result;
}

/** Lets requests and deliveries run between batches. */
const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 10));

/** Runs the purge hourly in worker processes; HERALD_RETENTION_DAYS=0 turns it off. */
export function retentionModule(services: Pick<Services, 'config' | 'store'>, log: Logger): HeraldModule {
  let timer: NodeJS.Timeout | undefined;
  let first: NodeJS.Timeout | undefined;
  let stopped = false;
  let running: Promise<void> | undefined;
  const days = services.config.retentionDays;
  const tick = () => {
    if (running || stopped) return;
    const now = Date.now();
    running = (async () => {
      if (!(await claimSlot(services.store.db, RETENTION_JOB, Math.floor(now / HOUR_MS), now))) return;
      const r = await purgeExpired(services.store.db, now - days * DAY_MS);
      if (r.deliveries || r.events)
        log.info(
          { ...r, retentionDays: days },
          `retention: purged ${r.deliveries} deliveries, ${r.attempts} attempts, ${r.events} events older than ${days} days`,
        );
    })()
      .catch((err) => log.error({ err }, 'retention purge failed; retrying at the next check'))
      .finally(() => {
        running = undefined;
      });
  };
  return {
    name: 'retention',
    start() {
      if (days === 0) return;
      // Checked every 5 minutes; the hourly slot makes it one purge per hour across processes.
      timer = setInterval(tick, 5 * 60_000);
      timer.unref();
      first = setTimeout(tick, 5_000);
      first.unref();
    },
    async stop() {
      stopped = true;
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
