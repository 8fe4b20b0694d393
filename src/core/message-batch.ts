/**
 * PostgreSQL ingest in batches: every statement there is a round trip (and a socket write, the
 * largest single cost in Herald's profile on PostgreSQL), so the messages posted while one batch
 * is being written are written together by the next: one UPDATE of their sessions' seq and one
 * INSERT of their messages and events, however many they are (through store/batched-writes.ts;
 * a batch that fails — a missing session, another customer's session — is written again message
 * by message, so each caller gets its own answer).
 */
import { notFound } from '../errors.js';
import { newId } from '../ids.js';
import { runSql } from '../store/raw-sql.js';
import type { AuthorType, MessageRole, Row } from '../store/schema.js';
import { type Db, type EventPayload, eventParams, eventPayload, noteEventsWritten, sessionEventFields } from './outbox.js';
import type { Principal } from './principal.js';

/** A message whose only change to its session is the seq (any author but an operator). */
export interface SimplePost {
  sessionId: string;
  text: string;
  principal: Principal;
  now: number;
  role: Exclude<MessageRole, 'operator'>;
  authorType: AuthorType;
  authorId: string | null;
  eventExtra: Record<string, unknown>;
  /** The poster's workspace (undefined for system work: the session's own). */
  workspace: string | undefined;
}

export interface Written {
  message: Row<'messages'>;
  session: Row<'sessions'>;
}

/** The message and its event for a session row that already carries the message's seq. */
export function messageAndEvent(post: SimplePost, session: Row<'sessions'>): { message: Row<'messages'>; event: EventPayload } {
  const message: Row<'messages'> = {
    id: newId('msg', post.now),
    session_id: post.sessionId,
    seq: session.last_seq,
    role: post.role,
    author_type: post.authorType,
    author_id: post.role === 'user' ? (post.authorId ?? session.customer_id) : post.authorId,
    text: post.text,
    created_at: post.now,
  };
  const event = eventPayload(
    post.role === 'user' ? 'message.user' : post.role === 'system' ? 'message.system' : 'message.assistant',
    {
      ...sessionEventFields(session),
      seq: message.seq,
      text: post.text,
      author: message.author_id ? { type: message.author_type, id: message.author_id } : { type: message.author_type },
      messageId: message.id,
      ...post.eventExtra,
    },
    post.now,
  );
  return { message, event };
}

/** Whether `session` may take this post (another customer's session is reported as missing). */
export function mayPost(post: SimplePost, session: Row<'sessions'> | undefined): session is Row<'sessions'> {
  return !!session && (post.principal.kind !== 'customer' || session.customer_id === post.principal.customerId);
}

export async function writeBatch(tx: Db, posts: SimplePost[]): Promise<Written[]> {
  const perSession = new Map<string, number>();
  const wsOf = new Map<string, string | null>();
  for (const p of posts) {
    perSession.set(p.sessionId, (perSession.get(p.sessionId) ?? 0) + 1);
    // Posts to one session from two workspaces: the batch is written again one by one.
    if (wsOf.has(p.sessionId) && wsOf.get(p.sessionId) !== (p.workspace ?? null)) throw notFound('Session');
    wsOf.set(p.sessionId, p.workspace ?? null);
  }
  const now = Math.max(...posts.map((p) => p.now));
  // Sessions locked in id order: two processes' batches over the same sessions cannot deadlock.
  const ids = [...perSession.keys()].sort();
  const { rows } = await runSql<Row<'sessions'>>(tx, BUMP_SEQS, [now, ids, ids.map((id) => perSession.get(id)!), ids.map((id) => wsOf.get(id)!)]);
  const sessions = new Map(rows.map((s) => [s.id, s]));
  // Each session's first new seq; its messages take theirs in the order they were posted.
  const next = new Map(rows.map((s) => [s.id, s.last_seq - perSession.get(s.id)! + 1]));
  const written = posts.map((p) => {
    const s = sessions.get(p.sessionId);
    // The whole batch rolls back and is written again message by message: each gets its own answer.
    if (!mayPost(p, s)) throw notFound('Session');
    const seq = next.get(p.sessionId)!;
    next.set(p.sessionId, seq + 1);
    const session = { ...s, last_seq: seq };
    return { session, ...messageAndEvent(p, session) };
  });
  const m = <K extends keyof Row<'messages'>>(k: K) => written.map((w) => w.message[k]);
  const e = written.map((w) => eventParams(w.event, w.message.created_at));
  await runSql(tx, INSERT_MESSAGES_AND_EVENTS, [
    m('id'),
    m('session_id'),
    m('seq'),
    m('role'),
    m('author_type'),
    m('author_id'),
    m('text'),
    m('created_at'),
    written.map((w) => w.session.workspace_id),
    ...[0, 1, 2, 3, 4].map((i) => e.map((params) => params[i])),
    written.map((w) => w.session.workspace_id),
  ]);
  noteEventsWritten(tx);
  return written.map(({ message, session }) => ({ message, session }));
}

// Each session in its poster's workspace (or, for system work, its own).
const BUMP_SEQS = `UPDATE sessions AS s SET last_seq = s.last_seq + v.n, updated_at = ?
  FROM unnest(?::text[], ?::int[], ?::text[]) AS v(id, n, ws) WHERE s.id = v.id AND s.workspace_id = COALESCE(v.ws, s.workspace_id) RETURNING s.*`;
// eventParams' order: id, type, session_id, payload, created_at.
const INSERT_MESSAGES_AND_EVENTS = `WITH m AS (
    INSERT INTO messages (id, session_id, seq, role, author_type, author_id, text, created_at, workspace_id)
    SELECT * FROM unnest(?::text[], ?::text[], ?::int[], ?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[]))
  INSERT INTO events (id, type, session_id, payload, dispatched, created_at, workspace_id)
  SELECT e.id, e.type, e.session_id, e.payload, 0, e.created_at, e.workspace_id FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::bigint[], ?::text[])
    AS e(id, type, session_id, payload, created_at, workspace_id)`;
