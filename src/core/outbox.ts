import type { Kysely, Transaction } from 'kysely';
import { newId } from '../ids.js';
import type { Database, Row } from '../store/schema.js';
import { storedEventText } from './event-body.js';
import { isPostgres, runSql } from '../store/raw-sql.js';
import { storedEventType, storedTime, storedWorkspace } from '../engine/derived-columns.js';
import { WorkspaceScopeError, currentWorkspace } from '../store/workspace-scope.js';

// Every event goes through here; precompiled (see store/raw-sql.ts).
const INSERT_EVENT = 'INSERT INTO events (id, type, session_id, payload, dispatched, created_at, workspace_id) VALUES (?, ?, ?, ?, 0, ?, ?)';
// SQLite (migration 0018): the type and workspace as stored (engine/derived-columns.ts).
const INSERT_EVENT_STORED = 'INSERT INTO events (id, type_own, session_id, payload, dispatched, created_at_own, workspace_own) VALUES (?, ?, ?, ?, 0, ?, ?)';

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
  | 'destination.disabled'
  | 'email.digest'
  | 'auth.email';

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

const wroteEvents = new WeakSet<object>();

/**
 * Says that `tx` wrote outbox events: a group commit's tail (the dispatcher's) then plans them in
 * the same transaction instead of a transaction of its own after the commit.
 */
export function noteEventsWritten(tx: Db): void {
  wroteEvents.add(tx);
}

/** Whether `tx` wrote outbox events (noteEventsWritten). */
export function eventsWrittenIn(tx: Db): boolean {
  return wroteEvents.has(tx);
}

/** Writes one outbox event inside the caller's transaction, so the change and its event commit together. */
export async function writeEvent(tx: Db, type: EventType, fields: EventFields, now = Date.now(), workspace?: string): Promise<EventPayload> {
  const payload = eventPayload(type, fields, now);
  // The event is planned in the workspace it was raised in. System mode works across workspaces:
  // there it must say whose event it is (never `default` by accident; docs/workspaces.md).
  const ws = workspace ?? currentWorkspace();
  if (ws === undefined) throw new WorkspaceScopeError(`A ${type} event was raised outside any workspace.`);
  const params = eventParams(payload, now);
  if (isPostgres(tx)) await runSql(tx, INSERT_EVENT, [...params, ws]);
  else
    await runSql(tx, INSERT_EVENT_STORED, [payload.id, storedEventType(payload.event), params[2], params[3], storedTime(payload.id, now), storedWorkspace(ws)]);
  noteEventsWritten(tx);
  return payload;
}

/** An event as writeEvent writes it, for callers that insert it in a statement of their own. */
export function eventPayload(type: EventType, fields: EventFields, now: number): EventPayload {
  return { id: newId('evt', now), event: type, ...fields, occurredAt: new Date(now).toISOString() };
}

/**
 * The parameters of INSERT_EVENT's columns (id, type, session_id, payload, created_at). The
 * payload column stores the event's fields without what its columns already hold (event-body.ts).
 */
export function eventParams(payload: EventPayload, now: number): unknown[] {
  return [
    payload.id,
    payload.event,
    payload.sessionId ?? null,
    storedEventText(payload, { id: payload.id, type: payload.event, session_id: payload.sessionId ?? null, created_at: now }),
    now,
  ];
}

export function sessionEventFields(s: Row<'sessions'>): Pick<EventPayload, 'sessionId' | 'customerId' | 'agentId' | 'channel'> {
  return { sessionId: s.id, customerId: s.customer_id, agentId: s.agent_id, channel: s.channel };
}
