import type { Logger } from 'pino';
import type { MessagesService, Posted } from '../../core/messages.js';
import type { Db } from '../../core/outbox.js';
import type { SessionsService } from '../../core/sessions.js';
import type { Store } from '../../store/db.js';
import { isDatabaseUnavailable } from '../../store/db-unavailable.js';
import type { Row } from '../../store/schema.js';
import { movePending } from './campaign-progress.js';
import { SESSION_CHANNEL, type Stage } from './campaigns-service.js';

const TICK_MS = 200;
/** Longest the runner works before letting requests and deliveries run. */
const SLICE_MS = 5;

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
    const { db } = this.deps.store;
    const campaigns = await db.selectFrom('campaigns').selectAll().where('status', '=', 'running').execute();
    for (const c of campaigns) {
      if (this.stopped) return;
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
        let slice = performance.now();
        for (const step of due) {
          if (this.stopped) return;
          // SQLite answers synchronously, so a run of steps never returns to the event loop by
          // itself: at 1000/s a tick's steps held every request and delivery for seconds.
          if (performance.now() - slice > SLICE_MS) {
            await new Promise((resolve) => setImmediate(resolve));
            slice = performance.now();
          }
          // A paused or cancelled campaign stops between steps.
          const still = await db.selectFrom('campaigns').select('status').where('id', '=', c.id).executeTakeFirst();
          if (still?.status !== 'running') break;
          if (await this.runStep(step, stages)) used++;
        }
        this.refund(c.id, allowed - used);
      }
      await this.completeIfDone(c.id);
    }
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

  /** Returns true when something was sent. */
  private async runStep(step: Row<'campaign_steps'>, stages: Stage[]): Promise<boolean> {
    const { store, sessions, messages } = this.deps;
    const stage = stages[step.stage]!;
    const now = Date.now();
    let posted: Posted | undefined;
    let session: Row<'sessions'> | undefined;
    try {
      await store.db.transaction().execute(async (tx) => {
        const current = await tx
          .selectFrom('campaign_steps')
          .selectAll()
          .where('campaign_id', '=', step.campaign_id)
          .where('customer_id', '=', step.customer_id)
          .where('stage', '=', step.stage)
          .where('status', '=', 'pending')
          .$if(store.caps.skipLocked, (q) => q.forUpdate().skipLocked())
          .executeTakeFirst();
        if (!current) return;
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
          await movePending(tx, step.campaign_id, skipped, 'skipped');
          return;
        }
        session = await sessions.createIn(tx, { agentId: stage.agentId, channel: SESSION_CHANNEL[stage.channel], customerId: step.customer_id }, now);
        posted = await messages.postIn(tx, session.id, { text: stage.text }, { kind: 'server', apiKeyId: 'campaign' }, now, {
          campaignId: step.campaign_id,
          campaignStage: step.stage,
          campaignChannel: stage.channel,
        });
        await tx
          .updateTable('campaign_steps')
          .set({ status: 'sent', session_id: session.id, reason: null, updated_at: now })
          .where('campaign_id', '=', step.campaign_id)
          .where('customer_id', '=', step.customer_id)
          .where('stage', '=', step.stage)
          .execute();
        await movePending(tx, step.campaign_id, [step], 'sent');
        const next = stages[step.stage + 1];
        if (next) {
          await tx
            .updateTable('campaign_steps')
            .set({ due_at: now + next.delaySeconds * 1000, updated_at: now })
            .where('campaign_id', '=', step.campaign_id)
            .where('customer_id', '=', step.customer_id)
            .where('stage', '=', step.stage + 1)
            .execute();
        }
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
    if (session) await sessions.published(session);
    if (posted) await messages.published(posted);
    return posted !== undefined;
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
