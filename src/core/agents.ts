import { HeraldError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Row } from '../store/schema.js';
import { diff, recordAudit } from './audit.js';
import type { CoreDeps } from './deps.js';

export function agentDto(a: Row<'agents'>, hasPushConfig: boolean) {
  return {
    id: a.id,
    name: a.name,
    hasPushConfig,
    createdAt: new Date(a.created_at).toISOString(),
    updatedAt: new Date(a.updated_at).toISOString(),
  };
}

export class AgentsService {
  constructor(private readonly deps: CoreDeps) {}

  async create(name: string): Promise<Row<'agents'>> {
    const now = Date.now();
    const row = { id: newId('agt', now), name, created_at: now, updated_at: now };
    await this.deps.db.transaction().execute(async (tx) => {
      await tx.insertInto('agents').values(row).execute();
      await recordAudit(tx, { action: 'agent.created', target: { type: 'agent', id: row.id }, changes: diff(null, { name }) });
    });
    return row;
  }

  async list(filter: { hasPushConfig?: boolean }): Promise<Array<{ agent: Row<'agents'>; hasPushConfig: boolean }>> {
    const rows = await this.deps.db
      .selectFrom('agents')
      // Agent ids are per workspace (migration 0015): the join names it too, so it holds in any scope.
      .leftJoin('push_configs', (j) => j.onRef('push_configs.agent_id', '=', 'agents.id').onRef('push_configs.workspace_id', '=', 'agents.workspace_id'))
      .selectAll('agents')
      .select('push_configs.agent_id as config_agent')
      .$if(filter.hasPushConfig === true, (q) => q.where('push_configs.agent_id', 'is not', null))
      .$if(filter.hasPushConfig === false, (q) => q.where('push_configs.agent_id', 'is', null))
      .orderBy('agents.id')
      .execute();
    return rows.map(({ config_agent, ...agent }) => ({ agent, hasPushConfig: config_agent !== null }));
  }

  async get(id: string): Promise<{ agent: Row<'agents'>; hasPushConfig: boolean }> {
    const agent = await this.deps.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    if (!agent) throw notFound('Agent');
    const cfg = await this.deps.db.selectFrom('push_configs').select('agent_id').where('agent_id', '=', id).executeTakeFirst();
    return { agent, hasPushConfig: cfg !== undefined };
  }

  async rename(id: string, name: string): Promise<void> {
    await this.deps.db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('agents').select('name').where('id', '=', id).executeTakeFirst();
      if (!before) throw notFound('Agent');
      await tx.updateTable('agents').set({ name, updated_at: Date.now() }).where('id', '=', id).execute();
      await recordAudit(tx, { action: 'agent.updated', target: { type: 'agent', id }, changes: diff({ name: before.name }, { name }) });
    });
  }

  async delete(id: string): Promise<void> {
    const { db } = this.deps;
    await this.get(id);
    const used = await db.selectFrom('sessions').select('id').where('agent_id', '=', id).limit(1).executeTakeFirst();
    if (used) {
      throw new HeraldError('CONFLICT', 'This agent has sessions; it cannot be deleted (disable its push configuration instead).');
    }
    await db.transaction().execute(async (tx) => {
      const before = await tx.selectFrom('agents').select('name').where('id', '=', id).executeTakeFirst();
      await tx.deleteFrom('agents').where('id', '=', id).execute();
      await recordAudit(tx, { action: 'agent.deleted', target: { type: 'agent', id }, changes: diff({ name: before?.name ?? null }, null) }, { always: true });
    });
  }
}
