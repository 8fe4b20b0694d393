/**
 * How an event's payload is stored (issue 16, fewer bytes per delivery). The body receivers see
 * is `{"id":…,"event":…,<fields>,"occurredAt":…}`; its id, name and time are already the row's
 * `id`, `type` and `created_at` columns, so only the fields are stored and the body is rebuilt
 * from them byte for byte (webhook signatures cover these bytes). A row written before migration
 * 0013 holds the whole body and starts with `{"id":`, which a stored field list never does; a
 * body that cannot be rebuilt so is kept whole behind a `=`. The fields leave out the session id
 * the `session_id` column holds (store/column-refs.ts: stored `@s14|{…}`); fields stored before
 * that keep it. Herald's member names are stored as one-character codes (store/packed-json.ts).
 *
 * Once dispatched, a message event whose body no delivery sends (webhook deliveries send it; push,
 * email and SMS deliveries store their own message) keeps only what explain shows: its `seq`.
 */

import { withRefs, withoutRefs } from '../store/column-refs.js';
import { packJson, unpackJson } from '../store/packed-json.js';

interface EventRow {
  id: string;
  type: string;
  session_id: string | null;
  created_at: number | string;
  payload: string;
}

/** How every body written before 0013 starts (no event has integer-like field names). */
const WHOLE = '{"id":';
/** Marks a whole body stored since 0013 (it may start otherwise); no JSON text starts so. */
const KEPT = '=';

/**
 * The text stored for a new event: `body` is the object writeEvent serializes, `row` the columns
 * it writes beside it. The fields are cut out of the serialized body (no second serialization on
 * the ingest path): between the id and name it starts with and the time it ends with.
 */
export function storedEventText(body: Record<string, unknown>, row: { id: string; type: string; session_id: string | null; created_at: number }): string {
  const whole = JSON.stringify(body);
  const head = `{"id":${JSON.stringify(row.id)},"event":${JSON.stringify(row.type)},`;
  const tail = `"occurredAt":"${new Date(row.created_at).toISOString()}"}`;
  // Inside a JSON string every quote is escaped, so these matches are the body's own members.
  // Anything else (a field named like a column, an integer-like key JavaScript puts first, a
  // time that is not the row's) keeps the whole body.
  if (whole.length >= head.length + tail.length && whole.startsWith(head) && whole.endsWith(tail)) {
    const middle = whole.slice(head.length, whole.length - tail.length);
    if (middle === '') return '{}';
    if (middle.endsWith(',')) return withoutRefs(packJson(`{${middle.slice(0, -1)}}`), { s: row.session_id });
  }
  return `${KEPT}${whole}`;
}

/** The event's body exactly as receivers see it (and as it was written). */
export function eventBodyText(row: EventRow): string {
  if (row.payload.startsWith(KEPT)) return row.payload.slice(KEPT.length);
  if (row.payload.startsWith(WHOLE)) return row.payload;
  const inner = storedFields(row).slice(1, -1);
  const occurredAt = new Date(Number(row.created_at)).toISOString();
  return `{"id":${JSON.stringify(row.id)},"event":${JSON.stringify(row.type)},${inner ? `${inner},` : ''}"occurredAt":"${occurredAt}"}`;
}

/** The fields of an event as stored since 0013 (or its whole body, before): JSON text. */
export function storedFields(row: Pick<EventRow, 'session_id' | 'payload'>): string {
  if (row.payload.startsWith(KEPT)) return row.payload.slice(KEPT.length);
  return unpackJson(withRefs(row.payload, { s: row.session_id }));
}

/** Message events: what they say is the message's row; they are most of the events. */
const MESSAGE_EVENTS = new Set(['message.user', 'message.assistant', 'message.system']);

/**
 * What a dispatched message event keeps when no delivery sends its body: its seq, for explain
 * (the message itself is in `messages`). Other events keep their fields (undefined): they are few,
 * and some are the only record of what happened (a digest's slot, a transfer's department).
 */
export function compactedEventText(body: Readonly<Record<string, unknown>>): string | undefined {
  if (!MESSAGE_EVENTS.has(body.event as string)) return undefined;
  return typeof body.seq === 'number' ? packJson(`{"seq":${body.seq}}`) : '{}';
}
