import { sql } from 'kysely';
import type { Db } from '../../core/outbox.js';
import { HeraldError, notFound } from '../../errors.js';
import { newId } from '../../ids.js';
import type { Store } from '../../store/db.js';
import type { CampaignStatus, Row, SessionChannel } from '../../store/schema.js';

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

export function campaignDto(c: Row<'campaigns'>, counts: Array<{ stage: number; status: string; n: number }>) {
  const stages = JSON.parse(c.stages) as Stage[];
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    audience: JSON.parse(c.audience) as Audience,
    ratePerSecond: c.rate_per_second,
    participants: c.participants,
    stages: stages.map((s, i) => {
      const of = (status: string) => Number(counts.find((x) => x.stage === i && x.status === status)?.n ?? 0);
      return { ...s, sent: of('sent'), failed: of('failed'), skipped: of('skipped'), pending: of('pending') };
    }),
    createdAt: new Date(c.created_at).toISOString(),
    startedAt: c.started_at === null ? null : new Date(c.started_at).toISOString(),
    finishedAt: c.finished_at === null ? null : new Date(c.finished_at).toISOString(),
  };
}

/** Campaigns: an audience reached in ordered stages; progress lives in campaign_steps. */
export class CampaignsService {
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
    await this.db
      .updateTable('campaigns')
      .set({ name: merged.name, audience: JSON.stringify(merged.audience), stages: JSON.stringify(stages), rate_per_second: merged.ratePerSecond!, updated_at: Date.now() })
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

  counts(id: string): Promise<Array<{ stage: number; status: string; n: number }>> {
    return this.db
      .selectFrom('campaign_steps')
      .select(['stage', 'status', (eb) => eb.fn.countAll<number>().as('n')])
      .where('campaign_id', '=', id)
      .groupBy(['stage', 'status'])
      .execute();
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
      await this.db.transaction().execute(async (tx) => {
        const locked = await tx.updateTable('campaigns').set({ status: 'running', started_at: now, updated_at: now }).where('id', '=', id).where('status', '=', 'draft').executeTakeFirst();
        if (Number(locked.numUpdatedRows) === 0) throw new HeraldError('INVALID_STATE', 'The campaign was started already.');
        const customers = await resolveAudience(tx, JSON.parse(c.audience) as Audience);
        const stages = JSON.parse(c.stages) as Stage[];
        const rows = customers.flatMap((customerId) =>
          stages.map((_, stage) => ({
            campaign_id: id,
            customer_id: customerId,
            stage,
            status: 'pending' as const,
            due_at: stage === 0 ? now : null,
            session_id: null,
            reason: null,
            updated_at: now,
          })),
        );
        for (let i = 0; i < rows.length; i += 100) await tx.insertInto('campaign_steps').values(rows.slice(i, i + 100)).execute();
        await tx.updateTable('campaigns').set({ participants: customers.length }).where('id', '=', id).execute();
        if (customers.length === 0) await tx.updateTable('campaigns').set({ status: 'completed', finished_at: now }).where('id', '=', id).execute();
      });
    } else {
      throw new HeraldError('INVALID_STATE', `A ${c.status} campaign cannot be started.`);
    }
    this.wake();
    return this.get(id);
  }

  async pause(id: string): Promise<Row<'campaigns'>> {
    await this.setStatus(id, 'paused', ['running']);
    return this.get(id);
  }

  async cancel(id: string): Promise<Row<'campaigns'>> {
    const now = Date.now();
    await this.setStatus(id, 'cancelled', ['draft', 'running', 'paused'], now);
    await this.db
      .updateTable('campaign_steps')
      .set({ status: 'skipped', reason: 'campaign cancelled', updated_at: now })
      .where('campaign_id', '=', id)
      .where('status', '=', 'pending')
      .execute();
    return this.get(id);
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
        throw new HeraldError('UNPROCESSABLE', `Stage ${i + 1}: a Mobile Push stage needs an agent with a push notification configuration; agent ${s.agentId} has none.`);
      }
      return { channel: s.channel, agentId: s.agentId, text: s.text, delaySeconds: i === 0 ? 0 : (s.delaySeconds ?? 0) };
    });
  }
}

async function resolveAudience(tx: Db, audience: Audience): Promise<string[]> {
  if (audience.customerIds?.length) {
    const ids = [...new Set(audience.customerIds)];
    for (let i = 0; i < ids.length; i += 500) {
      const now = Date.now();
      // Participants the app names may be new to Herald: they are created, as sessions would.
      await tx
        .insertInto('customers')
        .values(ids.slice(i, i + 500).map((id) => ({ id, name: null, email: null, phone: null, locale: null, timezone: null, created_at: now, updated_at: now })))
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    return ids;
  }
  const where = audience.where ?? {};
  const rows = await tx
    .selectFrom('customers')
    .select('customers.id')
    .$if(where.locale !== undefined, (q) => q.where(sql<boolean>`lower(customers.locale) like ${`${where.locale!.toLowerCase()}%`}`))
    .$if(where.channel !== undefined, (q) =>
      q.where((eb) => eb.exists(eb.selectFrom('sessions').select('sessions.id').whereRef('sessions.customer_id', '=', 'customers.id').where('sessions.channel', '=', where.channel!))),
    )
    .orderBy('customers.id')
    .execute();
  return rows.map((r) => r.id);
}
