/**
 * Seeds a migrated Herald database with deliveries of realistic shapes, fast: rows are made in
 * JS and written with direct SQL in large batches (one transaction per batch), never through the
 * engine. Shapes follow what the engine writes (see the rows of a real run in scale-results.md):
 * one `message.user` / `message.assistant` event per message, a webhook to the agent for most
 * of them, push to the customer's devices for some, email and SMS now and then; most deliveries
 * delivered with one attempt, a few failed after three, some skipped without any.
 */
import type Database from 'better-sqlite3';
import type pg from 'pg';
import { compactedEventText, storedEventText } from '../../src/core/event-body.js';
import { DERIVED_COLUMNS, storedDerivable, storedEventType, storedTime, storedWorkspace } from '../../src/engine/derived-columns.js';
import { EVENT_BODY, storedRows } from '../../src/engine/stored-rows.js';
import { newId } from '../../src/ids.js';
import { withoutRefs } from '../../src/store/column-refs.js';
import type { Row } from '../../src/store/schema.js';

export interface SeedShape {
  deliveries: number;
  /** Spread of created_at, ending now. */
  days: number;
  agents: number;
  customers: number;
}

export function shapeFor(deliveries: number): SeedShape {
  return { deliveries, days: 365, agents: 20, customers: Math.max(50, Math.floor(deliveries / 100)) };
}

/** Known values of the seeded data, for queries that should find something. */
export interface SeedSample {
  busyAgent: string;
  rareAgent: string;
  customer: string;
  session: string;
  eventId: string;
  from: number;
  to: number;
}

/** A small deterministic PRNG (mulberry32): the same seed gives the same data on both engines. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An APNs id (a UUID) from the seeded PRNG. */
function uuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`.toUpperCase();
}

const TEXTS = [
  'Hi, my order is late, can you check where it is?',
  'Thanks! That solved it.',
  'I was charged twice for the same subscription this month.',
  'Can I change the delivery address of order 4471?',
  'Your refund was issued and should arrive within 3-5 business days.',
];

type Cols = Record<string, unknown>;

interface Batch {
  events: Cols[];
  deliveries: Cols[];
  attempts: Cols[];
  sessions: Cols[];
}

/** Generates the rows in order of time, `batchSize` deliveries at a time. */
/** Agent ids as Herald makes them (POST /api/agents: `agt_` and 26 characters); agent 0 is the oldest. */
function agentIds(shape: SeedShape, now: number): string[] {
  return Array.from({ length: shape.agents }, (_, i) => newId('agt', now - shape.days * 86_400_000 - (shape.agents - i) * 1000));
}

function* generate(shape: SeedShape, batchSize: number, sample: SeedSample, agents: readonly string[]): Generator<Batch> {
  const rand = rng(16);
  const now = Date.now();
  const start = now - shape.days * 86_400_000;
  const step = (now - start) / shape.deliveries;
  // Zipf-ish agents: agent 0 gets the most traffic, the last one very little.
  const weights = agents.map((_, i) => 1 / (i + 1));
  const total = weights.reduce((a, b) => a + b, 0);
  const pickAgent = () => {
    let r = rand() * total;
    for (let i = 0; i < agents.length; i++) if ((r -= weights[i]!) <= 0) return agents[i]!;
    return agents[agents.length - 1]!;
  };
  sample.busyAgent = agents[0]!;
  sample.rareAgent = agents[agents.length - 1]!;
  let made = 0;
  let session: { id: string; agent: string; customer: string; left: number; seq: number } | undefined;
  let batch: Batch = { events: [], deliveries: [], attempts: [], sessions: [] };
  while (made < shape.deliveries) {
    const t = Math.floor(start + made * step);
    if (!session || session.left <= 0) {
      const customer = `cus-${Math.floor(rand() * shape.customers)}`;
      session = { id: newId('ses', t), agent: pickAgent(), customer, left: 4 + Math.floor(rand() * 16), seq: 0 };
      batch.sessions.push({
        id: session.id,
        agent_id: session.agent,
        customer_id: customer,
        channel: rand() < 0.7 ? 'mobile' : 'web',
        status: 'resolved',
        department_id: null,
        assigned_operator_id: null,
        last_operator_id: null,
        last_seq: 0,
        created_at: t,
        updated_at: t,
        resolved_at: t,
      });
    }
    session.seq++;
    const fromUser = rand() < 0.5;
    const eventId = newId('evt', t);
    const text = TEXTS[Math.floor(rand() * TEXTS.length)]!;
    const event = {
      id: eventId,
      event: fromUser ? 'message.user' : 'message.assistant',
      sessionId: session.id,
      customerId: session.customer,
      agentId: session.agent,
      channel: 'mobile',
      seq: session.seq,
      text,
      author: fromUser ? { type: 'customer', id: session.customer } : { type: 'ai' },
      messageId: newId('msg', t),
      occurredAt: new Date(t).toISOString(),
    };
    // Stored as the engine stores it (core/event-body.ts, engine/stored-rows.ts): the fields of
    // an event a webhook sends, only the seq of one whose deliveries carry their own message.
    batch.events.push({
      id: eventId,
      type: fromUser ? 'message.user' : 'message.assistant',
      session_id: session.id,
      payload: fromUser ? storedEventText(event, { id: eventId, type: event.event, session_id: session.id, created_at: t }) : compactedEventText(event),
      dispatched: 1,
      created_at: t,
    });
    // A user message goes to the agent's webhook; an assistant reply to the customer's devices
    // (or email/SMS when they have none).
    const out: Array<{
      channel: string;
      recipientType: string;
      recipientId: string;
      agent: string | null;
      customer: string | null;
      target: string;
      destination: string;
      payload: string;
      notification: string | null;
    }> = [];
    if (fromUser) {
      const url = `https://hooks.example.com/herald/${session.agent.slice(-4)}`;
      out.push({
        channel: 'webhook',
        recipientType: 'agent',
        recipientId: session.agent,
        agent: session.agent,
        customer: session.customer,
        target: url,
        destination: 'webhook:https://hooks.example.com',
        payload: EVENT_BODY,
        notification: null,
      });
    } else {
      const r = rand();
      const channel = r < 0.45 ? 'fcm' : r < 0.7 ? 'apns' : r < 0.85 ? 'webpush' : r < 0.95 ? 'email' : 'sms';
      // As push-rules.ts builds it; the delivery row names the notification planning made for it.
      const notification = newId('ntf', t);
      const push = JSON.stringify({
        notificationId: notification,
        title: 'Support',
        body: 'New message from operator',
        data: { type: 'chat', conversationId: session.id },
        collapseId: session.id,
        urgency: 'high',
        ttlSeconds: 86400,
      });
      const devices = channel === 'fcm' || channel === 'apns' ? 1 + (rand() < 0.2 ? 1 : 0) : 1;
      for (let d = 0; d < devices; d++) {
        out.push({
          channel,
          recipientType: 'customer',
          recipientId: session.customer,
          agent: channel === 'email' || channel === 'sms' ? session.agent : null,
          customer: session.customer,
          target: channel === 'email' ? `${session.customer}@example.com` : channel === 'sms' ? '+15550100' : newId('dev', t),
          destination: channel === 'webpush' ? 'webpush:https://fcm.googleapis.com' : channel,
          payload: push,
          notification,
        });
      }
    }
    for (const o of out) {
      const r = rand();
      const fresh = made > shape.deliveries - 200;
      const status = fresh && r < 0.5 ? 'queued' : r < 0.93 ? 'delivered' : r < 0.95 ? 'failed' : r < 0.995 ? 'skipped' : 'cancelled';
      const id = newId('dlv', t);
      const attempts = status === 'delivered' ? 1 : status === 'failed' ? 3 : 0;
      const row: Row<'deliveries'> = {
        id,
        workspace_id: 'default',
        event_id: eventId,
        notification_id: o.notification,
        channel: o.channel,
        recipient_type: o.recipientType,
        recipient_id: o.recipientId,
        agent_id: o.agent,
        session_id: session.id,
        customer_id: o.customer,
        target: o.target,
        payload: o.payload,
        status,
        reason:
          status === 'skipped'
            ? 'the recipient is online; chat notifications go only to offline recipients'
            : status === 'cancelled'
              ? 'the device was unregistered'
              : null,
        attempts,
        next_attempt_at: status === 'queued' ? t : null,
        last_status_code: status === 'delivered' ? 200 : status === 'failed' ? 503 : null,
        last_error: status === 'failed' ? 'HTTP 503' : null,
        destination: o.destination,
        created_at: t,
        updated_at: t + 40,
      } as Row<'deliveries'>;
      // As the dispatcher stores it (payloads without the ids their columns hold).
      batch.deliveries.push(storedRows([row], new Map())[0]!);
      for (let a = 1; a <= attempts; a++) {
        const ok = status === 'delivered' ? 1 : 0;
        // FCM answers `{"name":"<message id>"}` and APNs an empty body with the id in a header;
        // attempt-outcome.ts stores the answer without the id kept beside it.
        const providerId =
          ok && o.channel === 'fcm'
            ? `projects/demo/messages/0:${1e15 + Math.floor(rand() * 1e15)}%31bd1c9631bd1c96`
            : ok && o.channel === 'apns'
              ? uuid(rand)
              : null;
        const answer = !ok ? 'Service Unavailable' : o.channel === 'fcm' ? JSON.stringify({ name: providerId }) : o.channel === 'apns' ? '' : 'ok';
        batch.attempts.push({
          delivery_id: id,
          attempt: a,
          started_at: t + a * 10,
          latency_ms: 20 + Math.floor(rand() * 200),
          ok,
          status_code: ok ? 200 : 503,
          error: ok ? null : 'HTTP 503',
          response: providerId ? withoutRefs(answer, { p: providerId }) : answer,
          provider_message_id: providerId,
        });
      }
      made++;
    }
    session.left--;
    if (made === Math.floor(shape.deliveries / 2)) {
      sample.customer = session.customer;
      sample.session = session.id;
      sample.eventId = eventId;
      sample.from = t - 86_400_000;
      sample.to = t;
    }
    if (batch.deliveries.length >= batchSize) {
      yield batch;
      batch = { events: [], deliveries: [], attempts: [], sessions: [] };
    }
  }
  if (batch.deliveries.length) yield batch;
}

function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** Agents and customers the seeded rows refer to (sessions have foreign keys to them). */
function people(shape: SeedShape, agents: readonly string[], now: number): { agents: Cols[]; customers: Cols[] } {
  return {
    agents: agents.map((id, i) => ({
      id,
      name: `Agent ${i}`,
      created_at: now,
      updated_at: now,
    })),
    customers: Array.from({ length: shape.customers }, (_, i) => ({
      id: `cus-${i}`,
      name: null,
      email: null,
      phone: null,
      locale: i % 3 ? 'en' : 'de',
      timezone: null,
      created_at: now,
      updated_at: now,
    })),
  };
}

export async function seedSqlite(db: Database.Database, shape: SeedShape, onProgress?: (done: number) => void): Promise<SeedSample> {
  const sample = {} as SeedSample;
  const stmts = new Map<string, Database.Statement>();
  const insert = (table: string, rows: Cols[]) => {
    if (rows.length === 0) return;
    const cols = Object.keys(rows[0]!);
    const key = `${table}:${cols.length}`;
    let st = stmts.get(key);
    if (!st) stmts.set(key, (st = db.prepare(`INSERT INTO ${table} (${cols.join(', ')}) VALUES (${placeholders(cols.length)})`)));
    for (const r of rows) st.run(cols.map((c) => r[c] as never));
  };
  // An attempt names its delivery by seq on SQLite (migration 0017), found by id as Herald does.
  const insertAttempts = (rows: Cols[]) => {
    if (rows.length === 0) return;
    const cols = Object.keys(rows[0]!);
    // The workspace as stored (migration 0018), as Herald writes it.
    const values = [...cols.map((c) => (c === 'delivery_id' ? '(SELECT seq FROM deliveries WHERE id = ?)' : '?')), `'${storedWorkspace(undefined)}'`];
    const st = db.prepare(
      `INSERT INTO delivery_attempts (${[...cols.map((c) => (c === 'delivery_id' ? 'delivery_seq' : c)), 'workspace_own'].join(', ')}) VALUES (${values.join(', ')})`,
    );
    for (const r of rows) st.run(cols.map((c) => r[c] as never));
  };
  // The derivable columns as SQLite stores them (migration 0018), as Herald writes them.
  const insertDeliveries = (rows: Cols[]) =>
    insert(
      'deliveries',
      rows.map((r) => {
        const rest = Object.fromEntries(Object.entries(r).filter(([c]) => !Object.values<string>(DERIVED_COLUMNS).includes(c)));
        return { ...rest, ...storedDerivable(r as unknown as Row<'deliveries'>) };
      }),
    );
  const agents = agentIds(shape, Date.now());
  const p = people(shape, agents, Date.now());
  db.transaction(() => {
    insert('agents', p.agents);
    insert('customers', p.customers);
  })();
  let done = 0;
  for (const b of generate(shape, 20_000, sample, agents)) {
    db.transaction(() => {
      insert('sessions', b.sessions);
      insert(
        'events',
        b.events.map(({ type, created_at, ...rest }) => ({
          ...rest,
          type_own: storedEventType(type as string),
          created_at_own: storedTime(rest.id as string, created_at as number),
          workspace_own: storedWorkspace(undefined),
        })),
      );
      insertDeliveries(b.deliveries);
      insertAttempts(b.attempts);
    })();
    done += b.deliveries.length;
    onProgress?.(done);
    // Lets a caller's timers run (progress lines) between batches.
    await new Promise((r) => setImmediate(r));
  }
  return sample;
}

export async function seedPostgres(client: pg.ClientBase, shape: SeedShape, onProgress?: (done: number) => void): Promise<SeedSample> {
  const sample = {} as SeedSample;
  const insert = async (table: string, rows: Cols[]) => {
    for (let i = 0; i < rows.length; i += 2000) {
      const chunk = rows.slice(i, i + 2000);
      const cols = Object.keys(chunk[0]!);
      const params: unknown[] = [];
      const values = chunk.map((r) => `(${cols.map((c) => (params.push(r[c]), `$${params.length}`)).join(', ')})`);
      await client.query(`INSERT INTO ${table} (${cols.join(', ')}) VALUES ${values.join(', ')}`, params);
    }
  };
  const agents = agentIds(shape, Date.now());
  const p = people(shape, agents, Date.now());
  await insert('agents', p.agents);
  await insert('customers', p.customers);
  let done = 0;
  for (const b of generate(shape, 20_000, sample, agents)) {
    await client.query('BEGIN');
    await insert('sessions', b.sessions);
    await insert('events', b.events);
    await insert('deliveries', b.deliveries);
    await insert('delivery_attempts', b.attempts);
    await client.query('COMMIT');
    done += b.deliveries.length;
    onProgress?.(done);
  }
  return sample;
}
