/**
 * Runs the email digest on its cron schedule, once per slot however many processes run: each
 * computes the slot's nominal time from the pattern (not from when its timer fired), and only
 * the one whose INSERT of (job, slot) succeeds writes the digest event. Settings are re-read at
 * every wake-up, so a schedule changed by another process is followed within `recheckMs`.
 */
import type { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../store/schema.js';
import { assertSchedule, type EmailSettingsStore } from './email-settings-store.js';

export const DIGEST_JOB = 'email.digest';

/** Claimed slots older than this are pruned; nothing reads them after their minute is over. */
const KEEP_SLOTS_MS = 7 * 24 * 3600_000;

/** True for exactly one caller per (job, slot): the primary key refuses every other insert. */
export async function claimSlot(db: Kysely<Database>, job: string, slot: number, now = Date.now()): Promise<boolean> {
  const won = await db
    .insertInto('job_slots')
    .values({ job, slot, claimed_at: now })
    .onConflict((oc) => oc.columns(['job', 'slot']).doNothing())
    .returning('slot')
    .executeTakeFirst();
  if (won)
    await db
      .deleteFrom('job_slots')
      .where('job', '=', job)
      .where('claimed_at', '<', now - KEEP_SLOTS_MS)
      .execute();
  return won !== undefined;
}

export interface DigestSchedulerDeps {
  db: Kysely<Database>;
  settings: EmailSettingsStore;
  log: Logger;
  /** Called by the process that won the slot. */
  run(slot: number): Promise<void>;
  recheckMs?: number;
}

export class DigestScheduler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private cron: { key: string; cron: Cron } | undefined;
  private nextSlot: number | undefined;
  private ticking: Promise<void> | undefined;

  constructor(private readonly deps: DigestSchedulerDeps) {}

  start(): void {
    this.stopped = false;
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.ticking;
  }

  /** The settings changed here: pick up the new schedule now rather than at the next recheck. */
  reload(): void {
    this.cron = undefined;
    if (!this.stopped) this.schedule(0);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = setTimeout(
      () => {
        this.ticking = this.tick().finally(() => (this.ticking = undefined));
      },
      Math.max(0, ms),
    );
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    const recheckMs = this.deps.recheckMs ?? 30_000;
    let wait = recheckMs;
    try {
      const s = await this.deps.settings.emailSettings();
      if (s.delivery !== 'digest') {
        this.cron = undefined;
      } else {
        const key = `${s.digestSchedule}|${s.digestTimezone}`;
        if (this.cron?.key !== key) {
          this.cron = { key, cron: assertSchedule(s.digestSchedule, s.digestTimezone) };
          this.nextSlot = this.cron.cron.nextRun()?.getTime();
        }
        const now = Date.now();
        if (this.nextSlot !== undefined && now >= this.nextSlot) {
          const slot = this.nextSlot;
          // Slots missed while the process was busy or asleep are not caught up: one run covers them.
          this.nextSlot = this.cron.cron.nextRun(new Date(Math.max(now, slot)))?.getTime();
          if (await claimSlot(this.deps.db, DIGEST_JOB, slot)) await this.deps.run(slot);
        }
        if (this.nextSlot !== undefined) wait = Math.min(recheckMs, this.nextSlot - Date.now());
      }
    } catch (err) {
      this.deps.log.error({ err }, 'email digest scheduling failed; will try again');
    }
    this.schedule(wait);
  }
}
