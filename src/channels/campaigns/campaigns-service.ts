import { BatchSizer } from '../../batch-sizer.js';
import { HeraldError, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Store } from '../../store/db.js';
import type { CampaignStatus, Row, SessionChannel } from '../../store/schema.js';
import { insertChunks, insertValuesText, runSql } from '../../store/raw-sql.js';
import { audienceBatches, breathe } from './campaign-audience.js';
import { type ProgressRow, initProgress, movePending, progressOf } from './campaign-progress.js';

export type StageChannel = 'mobile_push' | 'telegram' | 'email' | 'sms';

export interface Stage {
  channel: StageChannel;
  agentId: string;
  text: string;
  /** Wait after the previous stage reached the participant (0 for the first stage). */
  delaySeconds: number;
}

export interface Audience {
  customerIds?: string[];
  /** Customers whose locale starts with `locale`, and/or who have had a session on `channel`. */
  where?: { locale?: string; channel?: SessionChannel };
}

export interface CampaignInput {
  name: string;
  audience: Audience;
  stages: Array<Omit<Stage, 'delaySeconds'> & { delaySeconds?: number }>;
  ratePerSecond?: number;
}

/** The session channel a stage opens its sessions on. */
export const SESSION_CHANNEL: Record<StageChannel, SessionChannel> = { mobile_push: 'mobile', telegram: 'telegram', email: 'email', sms: 'sms' };
const DEFAULT_RATE = 20;

/**
 * Participants written per transaction when a campaign starts: the first batch, then as many as
 * fit in START_BATCH.sliceMs (batch-sizer.ts), so no transaction holds the database (and,
 * on SQLite, the event loop) for longer, however fast or loaded the machine.
 */
const START_BATCH = { sliceMs: 4, initial: 100, min: 10, max: 1000 };
/** A campaign step's columns as the start writes them, and the rows per statement (9 parameters each). */
const STEP_COLUMNS = ['workspace_id', 'campaign_id', 'customer_id', 'stage', 'status', 'due_at', 'session_id', 'reason', 'updated_at'];
const STEP_CHUNK = 64;
/** Pending steps skipped per transaction when a campaign is cancelled. */
const CANCEL_BATCH = 500;

export function campaignDto(c: Row<'campaigns'>, progress: ProgressRow[]) {
  const stages = JSON.parse(c.stages) as Stage[];
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    audience: JSON.parse(c.audience) as Audience,
    ratePerSecond: c.rate_per_second,
    participants: c.participants,
    stages: stages.map((s, i) => {
      const p = progress.find((x) => x.stage === i);
      return { ...s, sent: p?.sent ?? 0, failed: p?.failed ?? 0, skipped: p?.skipped ?? 0, pending: p?.pending ?? 0 };
    }),
    createdAt: new Date(c.created_at).toISOString(),
    startedAt: c.started_at === null ? null : new Date(c.started_at).toISOString(),
    finishedAt: c.finished_at === null ? null : new Date(c.finished_at).toISOString(),
  };
}

/** Campaigns: an audience reached in ordered stages; progress lives in campaign_steps. */
export class CampaignsService {
  /** Campaigns this process is starting (a start spans several transactions). */
  private readonly starting = new Set<string>();

  constructor(
    private readonly store: Store,
    private readonly wake: () => void,
  ) {}

  private get db() {
    return this.store.db;
  }

  async create(input: CampaignInput): Promise<Row<'campaigns'>> {
    const stages = await this.validate(input);
    const now = Date.now();
    const row: Row<'campaigns'> = {
      id: newId('cmp', now),
      name: input.name,
      status: 'draft',
      audience: JSON.stringify(input.audience),
      stages: JSON.stringify(stages),
      rate_per_second: input.ratePerSecond ?? DEFAULT_RATE,
      participants: 0,
      created_at: now,
      updated_at: now,
      started_at: null,
      finished_at: null,
    };
    await this.db.insertInto('campaigns').values(row).execute();
    return row;
  }

  async update(id: string, patch: Partial<CampaignInput>): Promise<Row<'campaigns'>> {
    const current = await this.get(id);
    if (current.status !== 'draft') throw new HeraldError('INVALID_STATE', 'Only a draft campaign can be changed.');
    const merged: CampaignInput = {
      name: patch.name ?? current.name,
      audience: patch.audience ?? (JSON.parse(current.audience) as Audience),
      stages: patch.stages ?? (JSON.parse(current.stages) as CampaignInput['stages']),
      ratePerSecond: patch.ratePerSecond ?? current.rate_per_second,
    };
    const stages = await this.validate(merged);
    // Steps a start wrote before it crashed were for the old audience.
    await this.db.deleteFrom('campaign_steps').where('campaign_id', '=', id).execute();
    await this.db
      .updateTable('campaigns')
      .set({
        name: merged.name,
        audience: JSON.stringify(merged.audience),
        stages: JSON.stringify(stages),
        rate_per_second: merged.ratePerSecond!,
        updated_at: Date.now(),
      })
      .where('id', '=', id)
      .execute();
    return this.get(id);
  }

  async get(id: string): Promise<Row<'campaigns'>> {
    const c = await this.db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
    if (!c) throw notFound('Campaign');
    return c;
  }

  list(): Promise<Array<Row<'campaigns'>>> {
    return this.db.selectFrom('campaigns').selectAll().orderBy('id', 'desc').limit(200).execute();
  }

  async progress(id: string): Promise<ProgressRow[]> {
    return (await progressOf(this.db, [id])).get(id) ?? [];
  }

  /** Progress of many campaigns in one query. */
  progressOf(ids: string[]): Promise<Map<string, ProgressRow[]>> {
    return progressOf(this.db, ids);
  }

  /** Draft → running (participants fixed now, first stage due), or paused → running. */
  async start(id: string): Promise<Row<'campaigns'>> {
    const c = await this.get(id);
    const now = Date.now();
    if (c.status === 'paused') {
      await this.setStatus(id, 'running', ['paused']);
    } else if (c.status === 'draft') {
      // Agents may have lost their push configuration since the draft was saved.
      await this.validate({ name: c.name, audience: JSON.parse(c.audience) as Audience, stages: JSON.parse(c.stages) as CampaignInput['stages'] });
      if (this.starting.has(id)) throw new HeraldError('INVALID_STATE', 'The campaign is being started already.');
      this.starting.add(id);
      try {
        await this.startDraft(c, now);
      } finally {
        this.starting.delete(id);
      }
    } else {
      throw new HeraldError('INVALID_STATE', `A ${c.status} campaign cannot be started.`);
    }
    this.wake();
    return this.get(id);
  }

  /**
   * Writes the participants' steps in small transactions, yielding between them, while the
   * campaign is still a draft (the runner ignores drafts); one last transaction makes it running
   * with its counters. A crash part-way leaves a draft whose next start rewrites the same rows.
   */
  private async startDraft(c: Row<'campaigns'>, now: number): Promise<void> {
    const stages = JSON.parse(c.stages) as Stage[];
    let participants = 0;
    const sizer = new BatchSizer(START_BATCH);
    // A batch is timed from the end of the last turn given away, so the audience's read counts
    // against the slice with the insert: both run before the loop polls again.
    let t0 = performance.now();
    for await (const customers of audienceBatches(this.db, JSON.parse(c.audience) as Audience, () => sizer.size())) {
      // One row per participant and stage, as parameters in STEP_COLUMNS order, inserted by
      // precompiled multi-row statements: built with Kysely, a 100-row insert made more garbage
      // and CPU than SQLite spent writing it (scavenges of 10-17 ms during a 50k start).
      const params: unknown[] = [];
      for (const customerId of customers)
        for (let stage = 0; stage < stages.length; stage++)
          params.push(c.workspace_id, c.id, customerId, stage, 'pending', stage === 0 ? now : null, null, null, now);
      await this.db
        .transaction()
        .execute((tx) =>
          insertChunks(params.length / STEP_COLUMNS.length, STEP_CHUNK, (from, size) =>
            runSql(
              tx,
              insertValuesText('campaign_steps', STEP_COLUMNS, size, 'ON CONFLICT (campaign_id, customer_id, stage) DO NOTHING'),
              params.slice(from * STEP_COLUMNS.length, (from + size) * STEP_COLUMNS.length),
            ),
          ),
        );
      participants += customers.length;
      sizer.measured(customers.length, performance.now() - t0);
      await breathe();
      t0 = performance.now();
    }
    const started = await this.db.transaction().execute(async (tx) => {
      const done = participants === 0;
      const res = await tx
        .updateTable('campaigns')
        .set({ status: done ? 'completed' : 'running', started_at: now, updated_at: now, participants, ...(done && { finished_at: now }) })
        .where('id', '=', c.id)
        .where('status', '=', 'draft')
        .executeTakeFirst();
      if (Number(res.numUpdatedRows) === 0) return false;
      await initProgress(tx, c.id, stages.length, participants);
      return true;
    });
    if (!started) {
      // Cancelled (or started by another process) meanwhile: a cancelled one keeps no steps.
      const now2 = await this.get(c.id);
      if (now2.status === 'cancelled') await this.skipPending(c.id, Date.now(), false);
      throw new HeraldError('INVALID_STATE', 'The campaign was started already.');
    }
  }

  async pause(id: string): Promise<Row<'campaigns'>> {
    await this.setStatus(id, 'paused', ['running']);
    return this.get(id);
  }

  async cancel(id: string): Promise<Row<'campaigns'>> {
    const now = Date.now();
    await this.setStatus(id, 'cancelled', ['draft', 'running', 'paused'], now);
    await this.skipPending(id, now, true);
    return this.get(id);
  }

  /** Pending steps become skipped a batch per transaction (the runner stopped at the status change). */
  private async skipPending(id: string, now: number, counted: boolean): Promise<void> {
    for (;;) {
      const batch = await this.db
        .selectFrom('campaign_steps')
        .select('customer_id')
        .where('campaign_id', '=', id)
        .where('status', '=', 'pending')
        .limit(CANCEL_BATCH)
        .execute();
      if (batch.length === 0) return;
      await this.db.transaction().execute(async (tx) => {
        const moved = await tx
          .updateTable('campaign_steps')
          .set({ status: 'skipped', reason: 'campaign cancelled', updated_at: now })
          .where('campaign_id', '=', id)
          .where('status', '=', 'pending')
          .where('customer_id', 'in', [...new Set(batch.map((b) => b.customer_id))])
          .returning('stage')
          .execute();
        if (counted) await movePending(tx, id, moved, 'skipped');
      });
      await breathe();
    }
  }

  private async setStatus(id: string, status: CampaignStatus, from: CampaignStatus[], now = Date.now()): Promise<void> {
    const c = await this.get(id);
    const res = await this.db
      .updateTable('campaigns')
      .set({ status, updated_at: now, ...(status === 'cancelled' && { finished_at: now }) })
      .where('id', '=', id)
      .where('status', 'in', from)
      .executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new HeraldError('INVALID_STATE', `A ${c.status} campaign cannot become ${status}.`);
  }

  private async validate(input: CampaignInput): Promise<Stage[]> {
    if (input.stages.length === 0) throw new HeraldError('VALIDATION', 'A campaign needs at least one stage.');
    const where = input.audience.where;
    if (!input.audience.customerIds?.length && !where?.locale && !where?.channel) {
      // An empty filter would reach every customer Herald knows: too easy to do by accident.
      throw new HeraldError('VALIDATION', 'The audience needs customerIds, or a where filter with locale and/or channel.');
    }
    const agentIds = [...new Set(input.stages.map((s) => s.agentId))];
    const agents = await this.db
      .selectFrom('agents')
      .leftJoin('push_configs', 'push_configs.agent_id', 'agents.id')
      .select(['agents.id', 'push_configs.agent_id as config'])
      .where('agents.id', 'in', agentIds)
      .execute();
    return input.stages.map((s, i) => {
      const agent = agents.find((a) => a.id === s.agentId);
      if (!agent) throw new HeraldError('UNPROCESSABLE', `Stage ${i + 1}: agent ${s.agentId} does not exist.`);
      if (s.channel === 'mobile_push' && !agent.config) {
        throw new HeraldError(
          'UNPROCESSABLE',
          `Stage ${i + 1}: a Mobile Push stage needs an agent with a push notification configuration; agent ${s.agentId} has none.`,
        );
      }
      return { channel: s.channel, agentId: s.agentId, text: s.text, delaySeconds: i === 0 ? 0 : (s.delaySeconds ?? 0) };
    });
  }
}
