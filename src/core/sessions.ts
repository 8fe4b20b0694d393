import { WorkspaceScopeError, currentWorkspace } from '../store/workspace-scope.js';
import { assertOperatorHere } from './workspaces.js';
import { topics } from '../bus/bus.js';
import { HeraldError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { Kysely } from 'kysely';
import type { DbCapabilities } from '../store/db.js';
import type { Database, Row, SessionChannel, SessionStatus } from '../store/schema.js';
import { CustomersService } from './customers.js';
import type { CoreDeps } from './deps.js';
import { raiseIn } from './events.js';
import { type Db, type EventType, sessionEventFields } from './outbox.js';
import type { Principal } from './principal.js';
import { runSql } from '../store/raw-sql.js';

export function sessionDto(s: Row<'sessions'>) {
  return {
    id: s.id,
    agentId: s.agent_id,
    customerId: s.customer_id,
    channel: s.channel,
    status: s.status,
    departmentId: s.department_id,
    assignedOperatorId: s.assigned_operator_id,
    lastOperatorId: s.last_operator_id,
    lastSeq: s.last_seq,
    createdAt: new Date(s.created_at).toISOString(),
    updatedAt: new Date(s.updated_at).toISOString(),
    resolvedAt: s.resolved_at === null ? null : new Date(s.resolved_at).toISOString(),
  };
}

/** The sessions list's query: each filter starts an `(…, id)` index (0001, 0009), newest first. */
export function sessionsQuery(db: Kysely<Database>, filter: SessionFilter) {
  return db
    .selectFrom('sessions')
    .selectAll()
    .$if(filter.customerId !== undefined, (q) => q.where('customer_id', '=', filter.customerId!))
    .$if(filter.channel !== undefined, (q) => q.where('channel', '=', filter.channel!))
    .$if(filter.status !== undefined, (q) => q.where('status', '=', filter.status!))
    .$if(filter.agentId !== undefined, (q) => q.where('agent_id', '=', filter.agentId!))
    .$if(filter.cursor !== undefined, (q) => q.where('id', '<', filter.cursor!))
    .orderBy('id', 'desc')
    .limit(filter.limit + 1);
}

export interface SessionFilter {
  channel?: SessionChannel;
  status?: SessionStatus;
  customerId?: string;
  agentId?: string;
  limit: number;
  cursor?: string;
}

export class SessionsService {
  constructor(private readonly deps: CoreDeps) {}

  async create(
    input: { agentId: string; channel?: SessionChannel; customerId?: string; departmentId?: string },
    principal: Principal,
  ): Promise<Row<'sessions'>> {
    const customerId = principal.kind === 'customer' ? principal.customerId : input.customerId;
    if (principal.kind === 'customer' && input.customerId && input.customerId !== principal.customerId) {
      throw new HeraldError('FORBIDDEN', 'A customer token may only open sessions for its own customer.');
    }
    const now = Date.now();
    const row = await this.deps.events.transaction((tx) => this.createIn(tx, { ...input, customerId }, now));
    await this.published(row);
    return row;
  }

  /** Opens a session inside the caller's transaction (campaigns write it together with their progress). */
  async createIn(
    tx: Db,
    input: { agentId: string; channel?: SessionChannel; customerId?: string; departmentId?: string },
    now: number,
  ): Promise<Row<'sessions'>> {
    // Precompiled (a campaign opens one session per step): in the caller's workspace, as the
    // store's scope would have it.
    const ws = currentWorkspace();
    if (ws === undefined) throw new WorkspaceScopeError('A session was opened outside any workspace.');
    const { rows: agent } = await runSql(tx, AGENT_EXISTS, [input.agentId, ws]);
    if (agent.length === 0) throw new HeraldError('UNPROCESSABLE', `Agent ${input.agentId} does not exist.`);
    if (input.departmentId) await assertDepartment(tx, input.departmentId);
    if (input.customerId) await CustomersService.ensure(tx, input.customerId, now);
    const s: Row<'sessions'> = {
      id: newId('ses', now),
      agent_id: input.agentId,
      customer_id: input.customerId ?? null,
      channel: input.channel ?? 'api',
      status: 'bot',
      department_id: input.departmentId ?? null,
      assigned_operator_id: null,
      last_operator_id: null,
      last_seq: 0,
      created_at: now,
      updated_at: now,
      resolved_at: null,
    };
    await runSql(tx, INSERT_SESSION, [
      s.id,
      s.agent_id,
      s.customer_id,
      s.channel,
      s.status,
      s.department_id,
      s.assigned_operator_id,
      s.last_operator_id,
      s.last_seq,
      s.created_at,
      s.updated_at,
      s.resolved_at,
      ws,
    ]);
    await raiseIn(tx, 'session.started', sessionEventFields(s), now);
    return s;
  }

  /** The session if the principal may see it; 404 (not 403) for other customers' sessions. */
  async get(id: string, principal: Principal): Promise<Row<'sessions'>> {
    const s = await this.deps.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    if (!s || (principal.kind === 'customer' && s.customer_id !== principal.customerId)) throw notFound('Session');
    return s;
  }

  async list(filter: SessionFilter, principal: Principal): Promise<{ items: Array<Row<'sessions'>>; nextCursor: string | null }> {
    const customerId = principal.kind === 'customer' ? principal.customerId : filter.customerId;
    if (principal.kind === 'customer' && filter.customerId && filter.customerId !== principal.customerId) {
      return { items: [], nextCursor: null };
    }
    const rows = await sessionsQuery(this.deps.db, { ...filter, customerId }).execute();
    const items = rows.slice(0, filter.limit);
    return { items, nextCursor: rows.length > filter.limit ? items[items.length - 1]!.id : null };
  }

  /** Hands the session to humans: a department queue (waiting) or straight to an operator (assigned). */
  async transfer(id: string, input: { departmentId?: string; operatorId?: string }, principal: Principal) {
    return this.change(id, principal, async (tx, s) => {
      if (input.departmentId) await assertDepartment(tx, input.departmentId);
      if (input.operatorId) await assertOperatorHere(tx, input.operatorId);
      const next: Partial<Row<'sessions'>> = {
        status: input.operatorId ? 'assigned' : 'waiting',
        department_id: input.departmentId ?? s.department_id,
        assigned_operator_id: input.operatorId ?? null,
        ...(input.operatorId && { last_operator_id: input.operatorId }),
        resolved_at: null,
      };
      return {
        next,
        event: 'session.transferred' as const,
        extra: { departmentId: next.department_id ?? null, operatorId: input.operatorId ?? null },
      };
    });
  }

  async assign(id: string, operatorId: string, principal: Principal) {
    return this.change(id, principal, async (tx) => {
      await assertOperatorHere(tx, operatorId);
      return {
        next: { status: 'assigned' as const, assigned_operator_id: operatorId, last_operator_id: operatorId, resolved_at: null },
        event: 'session.assigned' as const,
        extra: { operatorId },
      };
    });
  }

  async resolve(id: string, principal: Principal) {
    return this.change(id, principal, async (_tx, s) => {
      if (s.status === 'resolved') throw new HeraldError('INVALID_STATE', 'The session is already resolved.');
      return { next: { status: 'resolved' as const, resolved_at: Date.now() }, event: 'session.resolved' as const, extra: {} };
    });
  }

  private async change(
    id: string,
    principal: Principal,
    decide: (tx: Db, s: Row<'sessions'>) => Promise<{ next: Partial<Row<'sessions'>>; event: EventType; extra: Record<string, unknown> }>,
  ): Promise<Row<'sessions'>> {
    await this.get(id, principal);
    const now = Date.now();
    const updated = await this.deps.events.transaction(async (tx, raise) => {
      const s = await lockSession(tx, this.deps.caps, id);
      const { next, event, extra } = await decide(tx, s);
      const row = { ...s, ...next, updated_at: now };
      await tx
        .updateTable('sessions')
        .set({ ...next, updated_at: now })
        .where('id', '=', id)
        .execute();
      await raise(event, { ...sessionEventFields(row), ...extra }, now);
      return row;
    });
    await this.published(updated);
    return updated;
  }

  /**
   * Tells open streams about the new state and refreshes the operators' badge. `badge: false`
   * leaves the badge to the caller, who publishes it once for many sessions (publishBadge).
   */
  async published(s: Row<'sessions'>, { badge = true }: { badge?: boolean } = {}): Promise<void> {
    const { bus } = this.deps;
    const msg = { type: 'session.updated', data: sessionDto(s) };
    if (s.customer_id) await bus.publish(topics.customer(s.customer_id, s.workspace_id), msg);
    await bus.publish(topics.operators, msg);
    if (badge) await this.publishBadge();
  }

  /** The operators' badge: the count of conversations needing a human, now. */
  async publishBadge(): Promise<void> {
    await this.deps.bus.publish(topics.operators, { type: 'badge', data: { activeConversations: await this.activeCount() } });
  }

  /** Conversations needing a human: waiting in a queue or assigned to someone. */
  async activeCount(): Promise<number> {
    const r = await this.deps.db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', 'in', ['waiting', 'assigned'])
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }
}

/** Reads the session for update; where the engine has row locks, the lock serializes seq and status changes. */
export async function lockSession(tx: Db, caps: Pick<DbCapabilities, 'rowLocks'>, id: string): Promise<Row<'sessions'>> {
  // Precompiled: this runs for every message (see store/raw-sql.ts).
  // Only a session of the caller's workspace (any, outside a scope: engine and public paths).
  const { rows } = await runSql<Row<'sessions'>>(tx, caps.rowLocks ? LOCK_SESSION_FOR_UPDATE : LOCK_SESSION, [id, currentWorkspace() ?? null]);
  if (!rows[0]) throw notFound('Session');
  return rows[0];
}

const AGENT_EXISTS = 'SELECT id FROM agents WHERE id = ? AND workspace_id = ?';
const INSERT_SESSION =
  'INSERT INTO sessions (id, agent_id, customer_id, channel, status, department_id, assigned_operator_id, last_operator_id, last_seq, created_at, updated_at, resolved_at, workspace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)';
const LOCK_SESSION = 'SELECT * FROM sessions WHERE id = ? AND workspace_id = COALESCE(?, workspace_id)';
const LOCK_SESSION_FOR_UPDATE = `${LOCK_SESSION} FOR UPDATE`;

async function assertDepartment(tx: Db, id: string): Promise<void> {
  const d = await tx.selectFrom('departments').select('id').where('id', '=', id).executeTakeFirst();
  if (!d) throw new HeraldError('UNPROCESSABLE', `Department ${id} does not exist.`);
}
