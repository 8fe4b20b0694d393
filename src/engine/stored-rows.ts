/**
 * What planning stores (issue 16, fewer bytes per delivery): no payload twice. A webhook's body
 * is its event's body, so its delivery row stores an empty payload and is sent (and shown) with
 * the event's; push, email and SMS deliveries store their own message, without the notification
 * and session ids their row's columns hold (store/column-refs.ts). An event whose body no
 * delivery sends is compacted when it is marked dispatched (see core/event-body.ts).
 */
import { sql } from 'kysely';
import { compactedEventText, eventBodyText } from '../core/event-body.js';
import type { Db } from '../core/outbox.js';
import { type ColumnRefs, withRefs, withoutRefs } from '../store/column-refs.js';
import { packJson, unpackJson } from '../store/packed-json.js';
import { listSql, runListSql, runSql } from '../store/raw-sql.js';
import { currentWorkspace } from '../store/workspace-scope.js';
import type { Row } from '../store/schema.js';

// In a request (the delivery's detail) the caller's workspace; in the engine (system) the row's own.
const MARK_DISPATCHED = listSql('UPDATE events SET dispatched = 1 WHERE id IN LIST(?)');
const EVENT_BY_ID = 'SELECT id, type, session_id, created_at, payload FROM events WHERE id = ? AND workspace_id = COALESCE(?, workspace_id)';
type EventRow = Pick<Row<'events'>, 'id' | 'type' | 'session_id' | 'created_at' | 'payload'>;
type PayloadOf = Pick<Row<'deliveries'>, 'payload' | 'event_id' | 'notification_id' | 'session_id'>;

/** The stored payload of a delivery that sends its event's body. */
export const EVENT_BODY = '';

/** The ids a delivery's payload may leave out: its row holds them. */
const refsOf = (d: Pick<Row<'deliveries'>, 'notification_id' | 'session_id'>): ColumnRefs => ({ n: d.notification_id, s: d.session_id });

/**
 * The rows as stored: a payload that is byte for byte its event's body is not stored again, and
 * other payloads leave out the ids their columns hold.
 */
export function storedRows(rows: ReadonlyArray<Row<'deliveries'>>, bodies: ReadonlyMap<string, string>): Array<Row<'deliveries'>> {
  // A fan-out plans one payload for many devices of one notification: cut once.
  let last: { row: Row<'deliveries'>; payload: string } | undefined;
  return rows.map((r) => {
    if (r.payload === EVENT_BODY) return r;
    if (r.event_id !== null && r.payload === bodies.get(r.event_id)) return { ...r, payload: EVENT_BODY };
    if (!last || last.row.payload !== r.payload || last.row.notification_id !== r.notification_id || last.row.session_id !== r.session_id) {
      last = { row: r, payload: withoutRefs(packJson(r.payload), refsOf(r)) };
    }
    return last.payload === r.payload ? r : { ...r, payload: last.payload };
  });
}

/** A delivery's own payload, whole (push, email and SMS; a webhook's is its event's: deliveryPayload). */
export function ownPayload(d: Pick<Row<'deliveries'>, 'payload' | 'notification_id' | 'session_id'>): string {
  return unpackJson(withRefs(d.payload, refsOf(d)));
}

/**
 * Marks the batch's events dispatched, in one statement per 500 events as before (two when some
 * are compacted); message events whose body no delivery row sends keep only what explain needs.
 */
export async function markDispatched(
  tx: Db,
  events: ReadonlyArray<{ id: string }>,
  bodies: ReadonlyArray<Readonly<Record<string, unknown>>>,
  /** The rows as stored (storedRows). */
  stored: ReadonlyArray<Row<'deliveries'>>,
): Promise<void> {
  const sent = new Set<string>();
  for (const r of stored) if (r.event_id !== null && r.payload === EVENT_BODY) sent.add(r.event_id);
  for (let i = 0; i < events.length; i += 500) {
    const chunk = events.slice(i, i + 500).map((e, j) => ({ id: e.id, compacted: sent.has(e.id) ? undefined : compactedEventText(bodies[i + j]!) }));
    const compact = chunk.filter((e): e is { id: string; compacted: string } => e.compacted !== undefined);
    const kept = chunk.filter((e) => e.compacted === undefined).map((e) => e.id);
    if (compact.length)
      await tx
        .updateTable('events')
        .set({
          dispatched: 1,
          payload: sql<string>`CASE id ${sql.join(
            compact.map((e) => sql`WHEN ${e.id} THEN ${e.compacted}`),
            sql` `,
          )} ELSE payload END`,
        })
        .where(
          'id',
          'in',
          compact.map((e) => e.id),
        )
        .execute();
    if (kept.length === 0) continue;
    // Precompiled: once per batch of writes.
    await runListSql(tx, MARK_DISPATCHED, [kept]);
  }
}

/** What a delivery sends: its own payload, or (stored as EVENT_BODY) its event's body. */
export async function deliveryPayload(db: Db, d: PayloadOf): Promise<string> {
  if (d.payload !== EVENT_BODY || d.event_id === null) return ownPayload(d);
  // Once per attempt of a webhook read back from the table: precompiled (store/raw-sql.ts).
  const e = (await runSql<EventRow>(db, EVENT_BY_ID, [d.event_id, currentWorkspace() ?? null])).rows[0];
  // Retention deletes an event only once no delivery refers to it.
  if (!e) throw new Error(`the event ${d.event_id} of a webhook delivery is missing`);
  return eventBodyText(e);
}
