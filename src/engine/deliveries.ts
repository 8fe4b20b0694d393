import { topics, type Bus } from '../bus/bus.js';
import { type Kysely, sql } from 'kysely';
import { HeraldError, notFound } from '../errors.js';
import { idAt } from '../ids.js';
import type { Store } from '../store/db.js';
import { withRefs } from '../store/column-refs.js';
import type { Database, DeliveryStatus, Row } from '../store/schema.js';
import { attemptsOf } from './attempt-rows.js';
import { DELIVERY_COLUMNS } from './delivery-sql.js';
import { deliveryPayload } from './stored-rows.js';

/** The columns a delivery shows: all but its payload and workspace (the list reads only these). */
type ShownColumn = Exclude<(typeof DELIVERY_COLUMNS)[number], 'payload' | 'workspace_id'>;
const SHOWN_COLUMNS = DELIVERY_COLUMNS.filter((c): c is ShownColumn => c !== 'payload' && c !== 'workspace_id');

/** A delivery as the console lists it. */
export type ShownDelivery = Pick<Row<'deliveries'>, ShownColumn>;

export function deliveryDto(d: ShownDelivery) {
  return {
    id: d.id,
    eventId: d.event_id,
    notificationId: d.notification_id,
    channel: d.channel,
    recipient: { type: d.recipient_type, id: d.recipient_id },
    agentId: d.agent_id,
    sessionId: d.session_id,
    customerId: d.customer_id,
    target: d.target,
    destination: d.destination,
    status: d.status,
    reason: d.reason,
    attempts: d.attempts,
    // A `sending` row's next_attempt_at is the end of its claim, not a planned attempt.
    nextAttemptAt: d.next_attempt_at === null || d.status === 'sending' ? null : new Date(d.next_attempt_at).toISOString(),
    lastStatusCode: d.last_status_code,
    lastError: d.last_error,
    createdAt: new Date(d.created_at).toISOString(),
    updatedAt: new Date(d.updated_at).toISOString(),
  };
}

export function attemptDto(a: Row<'delivery_attempts'>) {
  return {
    attempt: a.attempt,
    at: new Date(a.started_at).toISOString(),
    ok: a.ok === 1,
    statusCode: a.status_code,
    latencyMs: a.latency_ms,
    error: a.error,
    response: a.response === null ? null : withRefs(a.response, { p: a.provider_message_id }),
    providerMessageId: a.provider_message_id,
  };
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  channel?: string;
  sessionId?: string;
  customerId?: string;
  agentId?: string;
  eventId?: string;
  notificationId?: string;
  /** Created at or after (epoch ms). */
  from?: number;
  /** Created before (epoch ms). */
  to?: number;
  limit: number;
  cursor?: string;
}

/**
 * The console's query: every filter is an equality on a column some index starts with (0009,
 * 0013), the time range a key range, so the plan walks one index backwards and stops after a
 * page. test/scale/console-plans.test.ts holds every filter to that on both engines.
 *
 * The key is the id (ids sort by creation time) or, on SQLite, `seq`, the integer key that follows
 * the ids (migration 0013): the indexes end in it instead of in a copy of the 30-character id.
 * An id bound (a cursor, a time) becomes the seq of the first row at or after that id.
 */
export function deliveriesQuery(db: Kysely<Database>, f: DeliveryFilter, bySeq: boolean) {
  const key = bySeq ? sql.ref<string | number>('seq') : sql.ref<string | number>('id');
  const at = (id: string) =>
    bySeq ? sql<number>`COALESCE((SELECT seq FROM deliveries WHERE id >= ${id} ORDER BY id LIMIT 1), ${sql.raw(LAST_SEQ)})` : sql<string>`${id}`;
  return db
    .selectFrom('deliveries')
    .select(SHOWN_COLUMNS)
    .$if(f.status !== undefined, (q) => q.where(statusKey(f, bySeq), '=', f.status!))
    .$if(f.channel !== undefined, (q) => q.where('channel', '=', f.channel!))
    .$if(f.sessionId !== undefined, (q) => q.where('session_id', '=', f.sessionId!))
    .$if(f.customerId !== undefined, (q) => q.where('customer_id', '=', f.customerId!))
    .$if(f.agentId !== undefined, (q) => q.where('agent_id', '=', f.agentId!))
    .$if(f.eventId !== undefined, (q) => q.where('event_id', '=', f.eventId!))
    .$if(f.notificationId !== undefined, (q) => q.where('notification_id', '=', f.notificationId!))
    .$if(f.from !== undefined, (q) => q.where(key, '>=', at(idAt('dlv', f.from!))))
    .$if(f.to !== undefined, (q) => q.where(key, '<', at(idAt('dlv', f.to!))))
    .$if(f.cursor !== undefined, (q) => q.where(key, '<', at(f.cursor!)))
    .orderBy(key, 'desc')
    .limit(f.limit + 1);
}

/**
 * The status column as the filter compares it. On SQLite a settled status (failed, delivered…)
 * beside an agent or channel is compared as `+status`, which no index serves: the agent's and the
 * channel's indexes carry the status, so walking either checks it without reading rows, while
 * walking the status index reads every row it passes to check the agent (0.5 against 17.5 ms a
 * page for a rare agent's failed deliveries at 1M, each index forced). SQLite's statistics do not
 * tell that pair apart reliably: with a 10M database's averages (an agent 270,000 rows, failed
 * 200,000) it walks the failed rows, whatever the agent. A status a delivery passes through (queued,
 * retrying, held…) is left to the planner: few rows hold it, and an agent's index would walk the
 * agent's whole history to find them.
 */
function statusKey(f: DeliveryFilter, bySeq: boolean) {
  const settled = f.status !== undefined && SETTLED.has(f.status);
  return bySeq && settled && (f.agentId !== undefined || f.channel !== undefined) ? sql<string>`+status` : sql.ref<string>('status');
}

/** The statuses a delivery ends in: they accumulate, a year of them per agent and channel. */
const SETTLED = new Set<DeliveryStatus>(['delivered', 'failed', 'skipped', 'cancelled']);

/** Above every seq: "no row at or after this id" bounds nothing from above. */
const LAST_SEQ = '9223372036854775807';

/** The deliveries console: what was sent where, every attempt, and a manual retry. */
export class DeliveriesService {
  constructor(
    private readonly store: Store,
    private readonly bus: Bus,
    /** Tells the scheduler (here, or in a cluster wherever it runs) that a destination has work due. */
    private readonly due: (destination: string, at: number) => void,
  ) {}

  async list(f: DeliveryFilter): Promise<{ items: ShownDelivery[]; nextCursor: string | null }> {
    const rows = await deliveriesQuery(this.store.db, f, this.store.caps.deliverySeq).execute();
    const items = rows.slice(0, f.limit);
    return { items, nextCursor: rows.length > f.limit ? items[items.length - 1]!.id : null };
  }

  /** The payload a delivery sends (a webhook's is its event's body, stored once with the event). */
  payload(d: Row<'deliveries'>): Promise<string> {
    return deliveryPayload(this.store.db, d);
  }

  async get(id: string): Promise<{ delivery: Row<'deliveries'>; attempts: Array<Row<'delivery_attempts'>> }> {
    const delivery = await this.store.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    if (!delivery) throw notFound('Delivery');
    const attempts = await attemptsOf(this.store.db, id);
    return { delivery, attempts };
  }

  /**
   * The first delivery of an event once its attempt has been recorded (delivered, retrying, failed,
   * skipped…), or undefined when none was within `timeoutMs`. "Send a test" answers with it. The
   * bus tells when to look (whichever process sent it publishes the update); a slow read of the
   * table as well covers an update whose message did not arrive.
   */
  outcome(eventId: string, timeoutMs: number): Promise<Row<'deliveries'> | undefined> {
    const read = () => this.store.db.selectFrom('deliveries').selectAll().where('event_id', '=', eventId).orderBy('id').executeTakeFirst();
    return new Promise((resolve) => {
      let finished = false;
      const finish = (row: Row<'deliveries'> | undefined) => {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        clearInterval(poll);
        unsubscribe();
        resolve(row);
      };
      const look = () =>
        read().then(
          (row) => row && row.status !== 'queued' && row.status !== 'sending' && finish(row),
          () => undefined, // the next look or the deadline decides
        );
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const poll = setInterval(() => void look(), 1000);
      const unsubscribe = this.bus.subscribe(topics.deliveries, (m) => {
        if ((m as { data?: { eventId?: string } }).data?.eventId === eventId) void look();
      });
      void look();
    });
  }

  /** Sends a failed, skipped or cancelled delivery again now (a waiting one is simply moved up). */
  async retry(id: string): Promise<Row<'deliveries'>> {
    const { delivery } = await this.get(id);
    if (delivery.status === 'delivered') throw new HeraldError('INVALID_STATE', 'This delivery already succeeded.');
    if (delivery.status === 'sending') throw new HeraldError('INVALID_STATE', 'This delivery is being sent right now.');
    const now = Date.now();
    const patch = { status: 'queued' as const, reason: 'manual retry', next_attempt_at: now, updated_at: now };
    // Guarded by status: a scheduler that claimed it meanwhile wins, and this retry is refused.
    const res = await this.store.db.updateTable('deliveries').set(patch).where('id', '=', id).where('status', '!=', 'sending').executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new HeraldError('INVALID_STATE', 'This delivery is being sent right now.');
    this.due(delivery.destination, now);
    const next = { ...delivery, ...patch };
    await this.bus.publish(topics.deliveries, { type: 'delivery.updated', data: deliveryDto(next) });
    return next;
  }
}
