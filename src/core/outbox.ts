import type { Kysely, Transaction } from 'kysely';
import { newId } from '../ids.js';
import type { Database, Row } from '../store/schema.js';

export type Db = Kysely<Database> | Transaction<Database>;

/**
 * Event names as receivers see them (CONTRACT §5); the webhook body is the event payload as is.
 * Events beyond the push-config four (assigned, resolved, notification.*) feed the other channels.
 */
export type EventType =
  | 'session.started'
  | 'session.transferred'
  | 'session.assigned'
  | 'session.resolved'
  | 'message.user'
  | 'message.assistant'
  | 'message.system'
  | 'push_config.test'
  | 'notification.created'
  | 'notification.action'
  | 'email.test'
  | 'email.digest';

/** The fields a caller supplies; id, event name and time are added by writeEvent. */
export interface EventFields {
  sessionId: string | null;
  customerId: string | null;
  agentId: string | null;
  channel: string | null;
  seq: number | null;
  text: string | null;
  author: { type: string; id?: string } | null;
  departmentId?: string | null;
  operatorId?: string | null;
  [extra: string]: unknown;
}

export interface EventPayload extends EventFields {
  id: string;
  event: EventType;
  occurredAt: string;
}

/** Writes one outbox event inside the caller's transaction, so the change and its event commit together. */
export async function writeEvent(
  tx: Db,
  type: EventType,
  fields: EventFields,
  now = Date.now(),
): Promise<EventPayload> {
  const id = newId('evt', now);
  const payload: EventPayload = { id, event: type, ...fields, occurredAt: new Date(now).toISOString() };
  await tx
    .insertInto('events')
    .values({ id, type, session_id: fields.sessionId as string | null, payload: JSON.stringify(payload), dispatched: 0, created_at: now })
    .execute();
  return payload;
}

export function sessionEventFields(s: Row<'sessions'>): Pick<EventPayload, 'sessionId' | 'customerId' | 'agentId' | 'channel'> {
  return { sessionId: s.id, customerId: s.customer_id, agentId: s.agent_id, channel: s.channel };
}
