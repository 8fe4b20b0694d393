import type { Logger } from 'pino';
import type { MessagesService, Posted } from '../../core/messages.js';
import type { Db } from '../../core/outbox.js';
import type { SessionsService } from '../../core/sessions.js';
import type { Store } from '../../store/db.js';
import { isDatabaseUnavailable } from '../../store/db-unavailable.js';
import type { Row } from '../../store/schema.js';
import { runSql } from '../../store/raw-sql.js';
import { WorkspaceScopeError, asSystem, currentWorkspace, trustedWorkspaceId, withWorkspace } from '../../store/workspace-scope.js';
import { LoopShare } from '../../loop-share.js';
import { breathe } from './campaign-audience.js';
import { movePending } from './campaign-progress.js';
import { SESSION_CHANNEL, type Stage } from './campaigns-service.js';

const TICK_MS = 200;
/**
 * Longest the runner works (one transaction) before letting requests and deliveries run. The
 * messages it posts are planned and sent afterwards on the same thread, so this is well under
 * what a request may wait.
 */
const SLICE_MS = 2;

// The statements of every step, precompiled (see store/raw-sql.ts): Kysely's builder and the
// store's workspace scope cost more than running them. Each names its workspace, as the scope would.
const STEP_KEY = 'campaign_id = ? AND customer_id = ? AND stage = ? AND workspace_id = ?';
const STEP_PENDING = `SELECT status FROM campaign_steps WHERE ${STEP_KEY} AND status = 'pending'`;
const STEP_PENDING_LOCKED = `${STEP_PENDING} FOR UPDATE SKIP LOCKED`;
const MARK_SENT = `UPDATE campaign_steps SET status = 'sent', session_id = ?, reason = NULL, updated_at = ? WHERE ${STEP_KEY}`;
const SET_DUE = `UPDATE campaign_steps SET due_at = ?, updated_at = ? WHERE ${STEP_KEY}`;

type Outcome =
  | { kind: 'sent'; step: Row<'campaign_steps'>; session: Row<'sessions'>; posted: Posted }
  | { kind: 'skipped'; stages: Array<{ stage: number }> }
  /** Taken by another process, or no longer pending. */
  | { kind: 'gone' };

/**
 * Works running campaigns: takes due steps at each campaign's rate, and for each one opens a
 * session on the stage's channel and posts the stage text as the agent's reply — in the same
 * transaction that marks the step sent. A crash therefore neither loses nor repeats a step.
 */
export class CampaignRunner {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;
  /** Token buckets: sends a campaign may still make, refilled at its rate. */
  private readonly budget = new Map<string, { tokens: number; at: number }>();
  /** Sends give way while the loop is busy with requests and deliveries (loop-share.ts). */
  private readonly share = new LoopShare();

  constructor(private readonly deps: { store: Store; sessions: SessionsService; messages: MessagesService; log: Logger }) {}

  start(): void {
    this.timer = setInterval(() => this.wake(), TICK_MS);
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.tick()
      .catch((err) => this.deps.log.error({ err }, 'campaign runner failed; will retry'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async tick(): Promise<void> {
    // Running campaigns of every workspace; each is then worked in its own workspace, so the
    // sessions it opens and the messages (events, deliveries) it posts are that workspace's.
    const campaigns = await asSystem(() => this.deps.store.db.selectFrom('campaigns').selectAll().where('status', '=', 'running').execute());
    for (const c of campaigns) {
      if (this.stopped) return;
      await withWorkspace(trustedWorkspaceId(c.workspace_id), () => this.work(c));
    }
  }

  /** One campaign's due steps, at its rate (runs in the campaign's workspace). */
  private async work(c: Row<'campaigns'>): Promise<void> {
    const { db } = this.deps.store;
    const allowed = this.take(c);
    if (allowed > 0) {
      const due = await db
        .selectFrom('campaign_steps')
        .selectAll()
        .where('campaign_id', '=', c.id)
        .where('status', '=', 'pending')
        .where('due_at', '<=', Date.now())
        .orderBy('due_at')
        .limit(allowed)
        .execute();
      const stages = JSON.parse(c.stages) as Stage[];
      let used = 0;
      for (let next = 0; next < due.length;) {
        // SQLite answers synchronously, so a run of steps never returns to the event loop by
        // itself: each batch waits for its turn (the first too: the tick runs on a timer, beside
        // whatever else the loop iteration holds), and requests and deliveries run between two.
        // While the loop is busy with them, the campaign slows down rather than they (loop-share.ts).
        await breathe();
        await this.share.turn();
        if (this.stopped) return;
        // A paused or cancelled campaign stops between batches.
        const still = await db.selectFrom('campaigns').select('status').where('id', '=', c.id).executeTakeFirst();
        if (still?.status !== 'running') break;
        const batch = await this.runBatch(due, next, stages);
        next += batch.taken;
        used += batch.sent;
      }
      this.refund(c.id, allowed - used);
    }
    await this.completeIfDone(c.id);
  }

  /**
   * Steps from `due[from]` on, as many as fit in SLICE_MS, in one transaction: one commit and one
   * counter update for the lot instead of one per step. When the batch fails, its steps are run
   * again one per transaction, so one step that cannot be sent is marked failed alone.
   */
  private async runBatch(due: Array<Row<'campaign_steps'>>, from: number, stages: Stage[]): Promise<{ taken: number; sent: number }> {
    const { store } = this.deps;
    const now = Date.now();
    let taken = 0;
    let outcomes: Outcome[];
    try {
      outcomes = await store.db.transaction().execute(async (tx) => {
        const out: Outcome[] = [];
        const t0 = performance.now();
        taken = 0;
        do out.push(await this.stepIn(tx, due[from + taken++]!, stages, now));
        while (from + taken < due.length && performance.now() - t0 < SLICE_MS);
        await movePending(
          tx,
          due[from]!.campaign_id,
          out.flatMap((o) => (o.kind === 'sent' ? [o.step] : [])),
          'sent',
        );
        await movePending(
          tx,
          due[from]!.campaign_id,
          out.flatMap((o) => (o.kind === 'skipped' ? o.stages : [])),
          'skipped',
        );
        return out;
      });
    } catch (err) {
      if (isDatabaseUnavailable(err) || taken <= 1)
        return { taken: Math.max(taken, 1), sent: (await this.runStep(due[from]!, stages, err instanceof Error ? err : new Error(String(err)))) ? 1 : 0 };
      let sent = 0;
      for (let i = 0; i < taken; i++) if (await this.runStep(due[from + i]!, stages)) sent++;
      return { taken, sent };
    }
    return { taken, sent: await this.publish(outcomes) };
  }

  /** One step in its own transaction; `earlier` is the error a batch holding only this step met. Returns true when sent. */
  private async runStep(step: Row<'campaign_steps'>, stages: Stage[], earlier?: Error): Promise<boolean> {
    const { store } = this.deps;
    let outcome: Outcome;
    try {
      if (earlier) throw earlier;
      outcome = await store.db.transaction().execute(async (tx) => {
        const o = await this.stepIn(tx, step, stages, Date.now());
        if (o.kind === 'sent') await movePending(tx, step.campaign_id, [o.step], 'sent');
        if (o.kind === 'skipped') await movePending(tx, step.campaign_id, o.stages, 'skipped');
        return o;
      });
    } catch (err) {
      // The database going away says nothing about this step: it stays pending for the next tick.
      if (isDatabaseUnavailable(err)) throw err;
      this.deps.log.warn({ err, campaignId: step.campaign_id, customerId: step.customer_id }, 'campaign step failed');
      await store.db.transaction().execute(async (tx) => {
        const failed = await tx
          .updateTable('campaign_steps')
          .set({ status: 'failed', reason: (err as Error).message.slice(0, 300), updated_at: Date.now() })
          .where('campaign_id', '=', step.campaign_id)
          .where('customer_id', '=', step.customer_id)
          .where('stage', '>=', step.stage)
          .where('status', '=', 'pending')
          .returning('stage')
          .execute();
        await movePending(tx, step.campaign_id, failed, 'failed');
      });
      return false;
    }
    return (await this.publish([outcome])) > 0;
  }

  /**
   * After the commit: the sessions opened and messages posted go out, and the operators' badge
   * once for the batch (counting the active sessions per step was a query per step for the same
   * number). Returns how many were sent.
   */
  private async publish(outcomes: Outcome[]): Promise<number> {
    let sent = 0;
    for (const o of outcomes) {
      if (o.kind !== 'sent') continue;
      await this.deps.sessions.published(o.session, { badge: false });
      await this.deps.messages.published(o.posted);
      sent++;
    }
    if (sent > 0) await this.deps.sessions.publishBadge();
    return sent;
  }

  private take(c: Row<'campaigns'>): number {
    const now = Date.now();
    const b = this.budget.get(c.id) ?? { tokens: c.rate_per_second, at: now };
    b.tokens = Math.min(c.rate_per_second, b.tokens + ((now - b.at) / 1000) * c.rate_per_second);
    b.at = now;
    const n = Math.floor(b.tokens);
    b.tokens -= n;
    this.budget.set(c.id, b);
    return n;
  }

  private refund(id: string, n: number): void {
    const b = this.budget.get(id);
    if (b && n > 0) b.tokens += n;
  }

  /**
   * One step inside the caller's transaction: opens a session on the stage's channel and posts
   * the stage text as the agent's reply, and marks the step sent (its counters are the caller's).
   */
  private async stepIn(tx: Db, step: Row<'campaign_steps'>, stages: Stage[], now: number): Promise<Outcome> {
    const { store, sessions, messages } = this.deps;
    const stage = stages[step.stage]!;
    const ws = currentWorkspace();
    if (ws === undefined) throw new WorkspaceScopeError('A campaign step ran outside any workspace.');
    const key = [step.campaign_id, step.customer_id, step.stage, ws];
    const { rows: current } = await runSql(tx, store.caps.skipLocked ? STEP_PENDING_LOCKED : STEP_PENDING, key);
    if (current.length === 0) return { kind: 'gone' };
    if (step.stage > 0 && (await replied(tx, step))) {
      const skipped = await tx
        .updateTable('campaign_steps')
        .set({ status: 'skipped', reason: 'the participant replied', due_at: null, updated_at: now })
        .where('campaign_id', '=', step.campaign_id)
        .where('customer_id', '=', step.customer_id)
        .where('stage', '>=', step.stage)
        .where('status', '=', 'pending')
        .returning('stage')
        .execute();
      return { kind: 'skipped', stages: skipped };
    }
    const session = await sessions.createIn(tx, { agentId: stage.agentId, channel: SESSION_CHANNEL[stage.channel], customerId: step.customer_id }, now);
    const posted = await messages.postIn(tx, session.id, { text: stage.text }, { kind: 'server', apiKeyId: 'campaign' }, now, {
      campaignId: step.campaign_id,
      campaignStage: step.stage,
      campaignChannel: stage.channel,
    });
    await runSql(tx, MARK_SENT, [session.id, now, ...key]);
    const next = stages[step.stage + 1];
    if (next) await runSql(tx, SET_DUE, [now + next.delaySeconds * 1000, now, step.campaign_id, step.customer_id, step.stage + 1, ws]);
    return { kind: 'sent', step, session, posted };
  }

  private async completeIfDone(id: string): Promise<void> {
    const { db } = this.deps.store;
    const pending = await db
      .selectFrom('campaign_steps')
      .select('stage')
      .where('campaign_id', '=', id)
      .where('status', '=', 'pending')
      .limit(1)
      .executeTakeFirst();
    if (!pending) {
      await db
        .updateTable('campaigns')
        .set({ status: 'completed', finished_at: Date.now(), updated_at: Date.now() })
        .where('id', '=', id)
        .where('status', '=', 'running')
        .execute();
      this.budget.delete(id);
    }
  }
}

/** Did the participant write in any session this campaign opened for them? */
async function replied(tx: Db, step: Row<'campaign_steps'>): Promise<boolean> {
  const row = await tx
    .selectFrom('messages')
    .innerJoin('campaign_steps', 'campaign_steps.session_id', 'messages.session_id')
    .select('messages.id')
    .where('campaign_steps.campaign_id', '=', step.campaign_id)
    .where('campaign_steps.customer_id', '=', step.customer_id)
    .where('messages.role', '=', 'user')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
