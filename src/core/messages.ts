import { topics } from '../bus/bus.js';
import { HeraldError, notFound } from '../errors.js';
import { newId } from '../ids.js';
import type { AuthorType, MessageRole, Row } from '../store/schema.js';
import type { GroupCommit } from '../store/group-commit.js';
import type { CoreDeps } from './deps.js';
import { BatchedWrites } from '../store/batched-writes.js';
import { type SimplePost, type Written, mayPost, messageAndEvent, writeBatch } from './message-batch.js';
import { type Db, eventParams, noteEventsWritten, sessionEventFields, writeEvent } from './outbox.js';
import type { Principal } from './principal.js';
import { type SessionsService, lockSession } from './sessions.js';
import { runSql } from '../store/raw-sql.js';
import { currentWorkspace } from '../store/workspace-scope.js';
import { assertOperatorHere } from './workspaces.js';

// The statements of every message, precompiled (see store/raw-sql.ts).
const UPDATE_SESSION =
  'UPDATE sessions SET last_seq = ?, updated_at = ?, last_operator_id = ?, status = ?, assigned_operator_id = ? WHERE id = ? AND workspace_id = ?';
const INSERT_MESSAGE =
  'INSERT INTO messages (id, session_id, seq, role, author_type, author_id, text, created_at, workspace_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)';
// PostgreSQL (postInTwoTrips): the lock and the new seq in one statement, message and event in another.
// The caller's workspace, or (system work, no scope) the session's own: the row says whose it is.
const BUMP_SEQ = 'UPDATE sessions SET last_seq = last_seq + 1, updated_at = ? WHERE id = ? AND workspace_id = COALESCE(?::text, workspace_id) RETURNING *';
const INSERT_MESSAGE_AND_EVENT = `WITH m AS (${INSERT_MESSAGE})
  INSERT INTO events (id, type, session_id, payload, dispatched, created_at, workspace_id) VALUES (?, ?, ?, ?, 0, ?, ?)`;

export function messageDto(m: Row<'messages'>) {
  return {
    id: m.id,
    sessionId: m.session_id,
    seq: m.seq,
    role: m.role,
    author: m.author_id ? { type: m.author_type, id: m.author_id } : { type: m.author_type },
    text: m.text,
    createdAt: new Date(m.created_at).toISOString(),
  };
}

export interface Posted {
  message: Row<'messages'>;
  session: Row<'sessions'>;
  statusChanged: boolean;
}

export interface PostMessage {
  text: string;
  role?: MessageRole;
  operatorId?: string;
}

export class MessagesService {
  // Messages posted at about the same moment share a transaction (see GroupCommit).
  private readonly commits: GroupCommit;
  private readonly batch: BatchedWrites<SimplePost, Written> | undefined;

  constructor(
    private readonly deps: CoreDeps,
    private readonly sessions: SessionsService,
  ) {
    this.commits = deps.writer;
    // PostgreSQL: simple messages are written in batches (message-batch.ts); SQLite runs in-process,
    // where the precompiled per-message statements inside the group commit cost less.
    this.batch = deps.caps.multiRowInsert ? new BatchedWrites(deps.writer, writeBatch, (tx, post) => this.postInTwoTrips(tx, post)) : undefined;
  }

  async post(sessionId: string, input: PostMessage, principal: Principal): Promise<Row<'messages'>> {
    const now = Date.now();
    // PostgreSQL: checked here to choose the batch (postIn checks again for the other paths).
    const a = this.batch ? authorOf(input, principal) : undefined;
    const result =
      this.batch && a && a.role !== 'operator'
        ? {
            ...(await this.batch.add({
              sessionId,
              text: input.text,
              principal,
              now,
              role: a.role,
              authorType: a.authorType,
              authorId: a.authorId,
              eventExtra: {},
              workspace: currentWorkspace(),
            })),
            statusChanged: false,
          }
        : await this.commits.run((tx) => this.postIn(tx, sessionId, input, principal, now));
    await this.published(result);
    return result.message;
  }

  /**
   * Appends a message inside the caller's transaction: next seq, the message, the session's new
   * state and the outbox event. `eventExtra` adds fields to the event (e.g. which campaign sent it).
   */
  async postIn(tx: Db, sessionId: string, input: PostMessage, principal: Principal, now: number, eventExtra: Record<string, unknown> = {}): Promise<Posted> {
    const { role, authorType, authorId } = authorOf(input, principal);
    if (this.deps.caps.multiRowInsert && role !== 'operator') {
      const w = await this.postInTwoTrips(tx, {
        sessionId,
        text: input.text,
        principal,
        now,
        role,
        authorType,
        authorId,
        eventExtra,
        workspace: currentWorkspace(),
      });
      return { ...w, statusChanged: false };
    }
    const s = await lockSession(tx, this.deps.caps, sessionId);
    // Another customer's session is reported as missing, not forbidden.
    if (principal.kind === 'customer' && s.customer_id !== principal.customerId) throw notFound('Session');
    if (role === 'operator') await assertOperatorHere(tx, authorId!);
    const author = role === 'user' ? (authorId ?? s.customer_id) : authorId;
    const seq = s.last_seq + 1;
    // An operator writing in a session nobody holds takes it over.
    const takeOver = role === 'operator' && s.status !== 'assigned' && s.status !== 'resolved';
    const session: Row<'sessions'> = {
      ...s,
      last_seq: seq,
      updated_at: now,
      ...(role === 'operator' && { last_operator_id: authorId }),
      ...(takeOver && { status: 'assigned' as const, assigned_operator_id: authorId }),
    };
    // The message and its session are in the session's workspace (lockSession found it in the caller's).
    await runSql(tx, UPDATE_SESSION, [seq, now, session.last_operator_id, session.status, session.assigned_operator_id, sessionId, s.workspace_id]);
    const message: Row<'messages'> = {
      id: newId('msg', now),
      session_id: sessionId,
      seq,
      role,
      author_type: authorType,
      author_id: author,
      text: input.text,
      created_at: now,
    };
    await runSql(tx, INSERT_MESSAGE, [
      message.id,
      message.session_id,
      message.seq,
      message.role,
      message.author_type,
      message.author_id,
      message.text,
      message.created_at,
      s.workspace_id,
    ]);
    const event = role === 'user' ? 'message.user' : role === 'system' ? 'message.system' : 'message.assistant';
    await writeEvent(
      tx,
      event,
      { ...sessionEventFields(session), seq, text: input.text, author: messageDto(message).author, messageId: message.id, ...eventExtra },
      now,
      s.workspace_id,
    );
    return { message, session, statusChanged: takeOver };
  }

  /**
   * PostgreSQL, where every statement is a round trip: a message that changes nothing about its
   * session but the seq — any author but an operator, who may take the session over — in two
   * statements instead of four. The UPDATE takes the row lock and returns the new seq; the
   * message and its event go in one statement. Same rows, same event, same errors as postIn.
   */
  private async postInTwoTrips(tx: Db, post: SimplePost): Promise<Written> {
    const { rows } = await runSql<Row<'sessions'>>(tx, BUMP_SEQ, [post.now, post.sessionId, post.workspace ?? null]);
    const session = rows[0];
    // Another customer's session is reported as missing; the throw rolls the UPDATE back.
    if (!mayPost(post, session)) throw notFound('Session');
    const { message, event } = messageAndEvent(post, session);
    await runSql(tx, INSERT_MESSAGE_AND_EVENT, [
      message.id,
      message.session_id,
      message.seq,
      message.role,
      message.author_type,
      message.author_id,
      message.text,
      message.created_at,
      session.workspace_id,
      ...eventParams(event, post.now),
      session.workspace_id,
    ]);
    noteEventsWritten(tx);
    return { message, session };
  }

  /** After commit: wake the engine and tell open streams. */
  async published({ message, session, statusChanged }: Posted): Promise<void> {
    this.deps.events.written();
    const msg = { type: 'message.created', data: messageDto(message) };
    if (session.customer_id) await this.deps.bus.publish(topics.customer(session.customer_id, session.workspace_id), msg);
    await this.deps.bus.publish(topics.operators, msg);
    if (statusChanged) await this.sessions.published(session);
  }

  async list(sessionId: string, opts: { after: number; limit: number }, principal: Principal): Promise<Array<Row<'messages'>>> {
    await this.sessions.get(sessionId, principal);
    // Polling is a sign of life: the customer counts as online for the presence TTL.
    if (principal.kind === 'customer') await this.deps.bus.presence.touch('customer', principal.customerId);
    return this.deps.db
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('seq', '>', opts.after)
      .orderBy('seq')
      .limit(opts.limit)
      .execute();
  }
}

function authorOf(input: PostMessage, p: Principal): { role: MessageRole; authorType: AuthorType; authorId: string | null } {
  if (p.kind === 'customer') {
    if (input.role && input.role !== 'user') throw new HeraldError('FORBIDDEN', 'A customer can only post user messages.');
    return { role: 'user', authorType: 'customer', authorId: p.customerId };
  }
  if (p.kind === 'operator') {
    if (input.role && input.role !== 'operator') throw new HeraldError('FORBIDDEN', 'An operator can only post operator messages.');
    return { role: 'operator', authorType: 'human', authorId: p.operatorId };
  }
  const role = input.role ?? 'assistant';
  switch (role) {
    case 'assistant':
      return { role, authorType: 'ai', authorId: null };
    case 'system':
      return { role, authorType: 'system', authorId: null };
    case 'operator':
      if (!input.operatorId) throw new HeraldError('VALIDATION', 'operatorId is required when role is "operator".');
      return { role, authorType: 'human', authorId: input.operatorId };
    case 'user':
      // The app's backend relaying what the customer wrote (e.g. from its own chat widget).
      return { role, authorType: 'customer', authorId: null };
  }
}
