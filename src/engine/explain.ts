/**
 * "Why was I (not) notified?" (CONTRACT §13): every candidate the routing rules considered for
 * an event, with the decision, the rule's name and a sentence. Read from two places: the event's
 * deliveries rows (each says what was decided and why) and the event's `event_decisions` row
 * (candidates that got no row at all). Nothing here decides anything again.
 */
import { storedFields } from '../core/event-body.js';
import { notFound } from '../errors.js';
import type { Store } from '../store/db.js';
import type { Row } from '../store/schema.js';
import { explainRow } from './decision-catalogue.js';
import { type DecisionKind, type RecipientType, parseDecisions } from './decisions.js';

export interface ExplainedDecision {
  recipient: { type: RecipientType; id: string; name: string | null };
  channel: string;
  decision: DecisionKind;
  rule: string;
  reason: string;
  /** The delivery this decision produced, with how it went; null when it produced none. */
  deliveryId: string | null;
  status: string | null;
}

export interface Explanation {
  event: { id: string; type: string; occurredAt: string; sessionId: string | null; seq: number | null };
  decisions: ExplainedDecision[];
}

const MESSAGE_EVENTS = ['message.user', 'message.assistant', 'message.system'];

export class ExplainService {
  constructor(private readonly store: Store) {}

  /** `id` is an event id, or a message id (the event that message caused). */
  async explain(id: string, now = Date.now()): Promise<Explanation> {
    const event = (await this.event(id)) ?? (id.startsWith('msg_') ? await this.messageEvent(id) : undefined);
    if (!event) throw notFound('Event');
    const payload = JSON.parse(storedFields(event)) as { seq?: number | null; occurredAt?: string };
    // Planning writes an event's delivery rows and its decision row in one transaction; read both
    // from one snapshot, or a commit between two reads shows half the decisions.
    const snapshot = this.store.db.transaction();
    const [rows, stored] = await (this.store.caps.dialect === 'postgres' ? snapshot.setIsolationLevel('repeatable read') : snapshot).execute(async (db) => {
      const rows = await db
        .selectFrom('deliveries')
        .select(['id', 'channel', 'recipient_type', 'recipient_id', 'status', 'reason', 'next_attempt_at'])
        .where('event_id', '=', event.id)
        .orderBy('id')
        .execute();
      const stored = await db.selectFrom('event_decisions').select('decisions').where('event_id', '=', event.id).executeTakeFirst();
      return [rows, stored] as const;
    });
    const decisions: Array<Omit<ExplainedDecision, 'recipient'> & { recipient: { type: RecipientType; id: string } }> = [];
    for (const r of rows) {
      const x = explainRow(
        { channel: r.channel, recipientType: r.recipient_type, status: r.status, reason: r.reason, nextAttemptAt: r.next_attempt_at },
        event.type,
        now,
      );
      decisions.push({ recipient: { type: r.recipient_type, id: r.recipient_id }, channel: r.channel, ...x, deliveryId: r.id, status: r.status });
    }
    for (const d of stored ? parseDecisions(stored.decisions) : []) {
      for (const rid of d.recipientIds) {
        decisions.push({
          recipient: { type: d.recipientType, id: rid },
          channel: d.channel,
          decision: d.decision,
          rule: d.rule,
          reason: d.reason,
          deliveryId: null,
          status: null,
        });
      }
    }
    const names = await this.names(decisions.map((d) => d.recipient));
    return {
      event: {
        id: event.id,
        type: event.type,
        occurredAt: payload.occurredAt ?? new Date(event.created_at).toISOString(),
        sessionId: event.session_id,
        seq: typeof payload.seq === 'number' ? payload.seq : null,
      },
      decisions: decisions.map((d) => ({ ...d, recipient: { ...d.recipient, name: names.get(`${d.recipient.type}:${d.recipient.id}`) ?? null } })),
    };
  }

  private event(id: string): Promise<Row<'events'> | undefined> {
    return this.store.db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** The event a message caused: same session, a message event carrying its seq. */
  private async messageEvent(messageId: string): Promise<Row<'events'> | undefined> {
    const db = this.store.db;
    const m = await db.selectFrom('messages').select(['session_id', 'seq']).where('id', '=', messageId).executeTakeFirst();
    if (!m) return undefined;
    // Message events are written in the same transaction as the message, so ids are close to it;
    // the session's message events are few enough to read (there is no index on the payload).
    const events = await db.selectFrom('events').selectAll().where('session_id', '=', m.session_id).where('type', 'in', MESSAGE_EVENTS).execute();
    return events.find((e) => (JSON.parse(storedFields(e)) as { seq?: number }).seq === m.seq);
  }

  private async names(recipients: Array<{ type: RecipientType; id: string }>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const ids = (type: RecipientType) => [...new Set(recipients.filter((r) => r.type === type).map((r) => r.id))];
    const db = this.store.db;
    const [ops, customers, agents] = await Promise.all([
      ids('operator').length ? db.selectFrom('operators').select(['id', 'name', 'email']).where('id', 'in', ids('operator')).execute() : [],
      ids('customer').length ? db.selectFrom('customers').select(['id', 'name', 'email']).where('id', 'in', ids('customer')).execute() : [],
      ids('agent').length ? db.selectFrom('agents').select(['id', 'name']).where('id', 'in', ids('agent')).execute() : [],
    ]);
    for (const o of ops) out.set(`operator:${o.id}`, o.name || o.email);
    for (const c of customers) if (c.name || c.email) out.set(`customer:${c.id}`, (c.name || c.email)!);
    for (const a of agents) out.set(`agent:${a.id}`, a.name);
    return out;
  }
}
