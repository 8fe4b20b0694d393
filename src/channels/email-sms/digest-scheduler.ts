/**
 * Runs each workspace's email digest on its cron schedule, once per slot however many processes run: each
 * computes the slot's nominal time from the pattern (not from when its timer fired), and only
 * the one whose INSERT of (job, slot) succeeds writes the digest event. Settings are re-read at
 * every wake-up, so a schedule changed by another process is followed within `recheckMs`.
 */
import type { Cron } from 'croner';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../store/schema.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, currentWorkspace, trustedWorkspaceId, withWorkspace } from '../../store/workspace-scope.js';
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
  /** Called by the process that won the slot, in the slot's workspace. */
  run(slot: number): Promise<void>;
  recheckMs?: number;
}

/** The slot's job name: each workspace has its own schedule (default's keeps the name from before workspaces). */
export function digestJob(ws: WorkspaceId): string {
  return ws === DEFAULT_WORKSPACE ? DIGEST_JOB : `${DIGEST_JOB}:${ws}`;
}

/**
 * Each workspace's digest runs on that workspace's schedule (its email settings): a wake-up
 * visits every workspace in its own scope, so the settings read and the digest event raised are
 * that workspace's.
 */
export class DigestScheduler {
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;
  private readonly crons = new Map<WorkspaceId, { key: string; cron: Cron; nextSlot: number | undefined }>();
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
    const ws = currentWorkspace();
    if (ws) this.crons.delete(ws);
    else this.crons.clear();
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
      const workspaces = await this.deps.db.selectFrom('workspaces').select('id').execute();
      for (const { id } of workspaces) {
        if (this.stopped) return;
        const ws = trustedWorkspaceId(id);
        try {
          wait = Math.min(wait, await withWorkspace(ws, () => this.tickIn(ws, recheckMs)));
        } catch (err) {
          this.deps.log.error({ err, workspace: ws }, 'email digest scheduling failed; will try again');
        }
      }
    } catch (err) {
      this.deps.log.error({ err }, 'email digest scheduling failed; will try again');
    }
    this.schedule(wait);
  }

  /** One workspace's schedule: runs its digest when its slot has come; returns when to look again. */
  private async tickIn(ws: WorkspaceId, recheckMs: number): Promise<number> {
    const s = await this.deps.settings.emailSettings();
    if (s.delivery !== 'digest') {
      this.crons.delete(ws);
      return recheckMs;
    }
    const key = `${s.digestSchedule}|${s.digestTimezone}`;
    let c = this.crons.get(ws);
    if (c?.key !== key) {
      const cron = assertSchedule(s.digestSchedule, s.digestTimezone);
      c = { key, cron, nextSlot: cron.nextRun()?.getTime() };
      this.crons.set(ws, c);
    }
    const now = Date.now();
    if (c.nextSlot !== undefined && now >= c.nextSlot) {
      const slot = c.nextSlot;
      // Slots missed while the process was busy or asleep are not caught up: one run covers them.
      c.nextSlot = c.cron.nextRun(new Date(Math.max(now, slot)))?.getTime();
      if (await claimSlot(this.deps.db, digestJob(ws), slot)) await this.deps.run(slot);
    }
    return c.nextSlot === undefined ? recheckMs : Math.min(recheckMs, c.nextSlot - Date.now());
  }
}
