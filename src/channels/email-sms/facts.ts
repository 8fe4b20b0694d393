/**
 * The facts the email and SMS rules decide on, read inside the dispatcher's transaction (and the
 * bus, for presence). Kept apart from the rules so those stay pure.
 */
import type { Bus } from '../../bus/bus.js';
import type { Db } from '../../core/outbox.js';
import type { Row } from '../../store/schema.js';
import { DEFAULT_WORKSPACE, currentWorkspace } from '../../store/workspace-scope.js';
import type { OperatorFacts } from './email-rules.js';

export interface Operator extends OperatorFacts {
  name: string;
}

/**
 * Every active operator with departments, presence and mute. Disabled accounts are left out
 * altogether: they are nobody's audience, and a session whose last handler was disabled is
 * routed like an unhandled one, to someone who can still answer. Operators are people of the
 * whole instance: only the members of the event's workspace count, with their role in it.
 */
export async function loadOperators(tx: Db, bus: Bus): Promise<Map<string, Operator>> {
  const [ops, links, prefs, online] = await Promise.all([
    tx
      .selectFrom('operators')
      .innerJoin('workspace_members as m', 'm.operator_id', 'operators.id')
      .select(['operators.id', 'operators.email', 'operators.name', 'm.role'])
      .where('m.workspace_id', '=', currentWorkspace() ?? DEFAULT_WORKSPACE)
      .where('operators.disabled', '=', 0)
      .orderBy('operators.id')
      .execute(),
    tx.selectFrom('operator_departments').selectAll().execute(),
    tx.selectFrom('preferences').select(['owner_id', 'chat_messages']).where('owner_type', '=', 'operator').execute(),
    bus.presence.onlineIds('operator'),
  ]);
  const onlineSet = new Set(online);
  const mutedSet = new Set(prefs.filter((p) => p.chat_messages === 0).map((p) => p.owner_id));
  const out = new Map<string, Operator>();
  for (const o of ops) {
    out.set(o.id, {
      id: o.id,
      name: o.name,
      role: o.role,
      email: o.email,
      online: onlineSet.has(o.id),
      departmentIds: links.filter((l) => l.operator_id === o.id).map((l) => l.department_id),
      muted: mutedSet.has(o.id),
    });
  }
  return out;
}

/**
 * Active operators of the workspace the event belongs to, with their role there (outside a
 * workspace scope, every operator with the role of `default`, as before workspaces).
 */
export interface CustomerFacts {
  row: Row<'customers'>;
  online: boolean;
  offlineSince: number | null;
  muted: boolean;
  lastEmailAt: number | null;
}

export async function loadCustomer(tx: Db, bus: Bus, id: string): Promise<CustomerFacts | undefined> {
  const row = await tx.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [pref, mark, online, offlineSince] = await Promise.all([
    tx.selectFrom('preferences').select('chat_messages').where('owner_type', '=', 'customer').where('owner_id', '=', id).executeTakeFirst(),
    tx.selectFrom('email_marks').select('last_email_at').where('recipient_type', '=', 'customer').where('recipient_id', '=', id).executeTakeFirst(),
    bus.presence.isOnline('customer', id),
    bus.presence.offlineSince('customer', id),
  ]);
  return { row, online, offlineSince: offlineSince ?? null, muted: pref?.chat_messages === 0, lastEmailAt: mark?.last_email_at ?? null };
}

export async function loadSession(tx: Db, id: string): Promise<Row<'sessions'> | undefined> {
  return tx.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
}

/** True when no customer message came before `seq` in the session. */
export async function isFirstCustomerMessage(tx: Db, sessionId: string, seq: number): Promise<boolean> {
  const earlier = await tx
    .selectFrom('messages')
    .select('seq')
    .where('session_id', '=', sessionId)
    .where('role', '=', 'user')
    .where('seq', '<', seq)
    .limit(1)
    .executeTakeFirst();
  return earlier === undefined;
}

/** When the bot (an AI assistant message) first answered after message `seq`; null if it has not. */
export async function firstBotReplyAt(tx: Db, sessionId: string, seq: number): Promise<number | null> {
  const reply = await tx
    .selectFrom('messages')
    .select('created_at')
    .where('session_id', '=', sessionId)
    .where('seq', '>', seq)
    .where('role', '=', 'assistant')
    .where('author_type', '=', 'ai')
    .orderBy('seq')
    .limit(1)
    .executeTakeFirst();
  return reply?.created_at ?? null;
}

/** How a customer is named in an email to operators. */
export function customerName(c: Row<'customers'> | undefined): string {
  return c?.name?.trim() || c?.email || c?.phone || (c ? `Customer ${c.id}` : 'A customer');
}
