/**
 * How an event's payload is stored (issue 16, fewer bytes per delivery). The body receivers see
 * is `{"id":…,"event":…,<fields>,"occurredAt":…}`; its id, name and time are already the row's
 * `id`, `type` and `created_at` columns, so only the fields are stored and the body is rebuilt
 * from them byte for byte (webhook signatures cover these bytes). A row written before migration
 * 0013 holds the whole body and starts with `{"id":`, which a stored field list never does.
 *
 * Once dispatched, an event whose body no delivery sends (webhook deliveries send it; push, email
 * and SMS deliveries store their own message) keeps only what explain shows: its `seq`.
 */

interface EventRow {
  id: string;
  type: string;
  created_at: number | string;
  payload: string;
}

const WHOLE = '{"id":';

/** The text stored for a new event; `body` is the object writeEvent serialized before. */
export function storedEventText(body: { id: string; event: string; occurredAt: string } & Record<string, unknown>, createdAt: number): string {
  const { id, event, occurredAt: _time, ...fields } = body;
  const whole = JSON.stringify(body);
  const stored = JSON.stringify(fields);
  // Stored short only when rebuilding gives exactly the same bytes (a field named like a
  // column, or an occurredAt that is not the row's time, keeps the whole body).
  return eventBodyText({ id, type: event, created_at: createdAt, payload: stored }) === whole ? stored : whole;
}

/** The event's body exactly as receivers see it (and as it was written). */
export function eventBodyText(row: EventRow): string {
  if (row.payload.startsWith(WHOLE)) return row.payload;
  const inner = row.payload.slice(1, -1);
  const occurredAt = new Date(Number(row.created_at)).toISOString();
  return `{"id":${JSON.stringify(row.id)},"event":${JSON.stringify(row.type)},${inner ? `${inner},` : ''}"occurredAt":"${occurredAt}"}`;
}

/** What a dispatched event keeps when no delivery sends its body: the message's seq for explain. */
export function compactedEventText(body: { seq?: unknown }): string {
  return typeof body.seq === 'number' ? `{"seq":${body.seq}}` : '{}';
}
