import { describe, expect, it } from 'vitest';
import { unpackJson } from '../store/packed-json.js';
import { compactedEventText, eventBodyText, storedEventText } from './event-body.js';

const T = Date.UTC(2026, 11, 2, 4, 5, 6, 789);
const ROW_ID = 'evt_01jf8x0000000000000000000a';
const SESSION = 'ses_01jf8x0000000000000000000b';

function body(fields: Record<string, unknown>, type = 'message.user', at = T) {
  return { id: ROW_ID, event: type, ...fields, occurredAt: new Date(at).toISOString() };
}

/** What writeEvent stores for `b` (its row: the id, name and time it made) and what is read back. */
function roundTrip(b: Record<string, unknown>, at = T, type = 'message.user'): { stored: string; rebuilt: string } {
  const row = { id: ROW_ID, type, session_id: typeof b.sessionId === 'string' ? b.sessionId : null, created_at: at };
  const stored = storedEventText(b, row);
  return { stored, rebuilt: eventBodyText({ ...row, payload: stored }) };
}

describe('event bodies as stored', () => {
  it('stores only the fields, without the session id, and rebuilds the body byte for byte', () => {
    const b = body({
      sessionId: SESSION,
      customerId: 'cus_1',
      agentId: null,
      channel: 'web',
      seq: 7,
      text: 'ünïcode, "quotes", \\ backslash, \n newline, emoji 🎉, </script>',
      author: { type: 'customer', id: 'cus_1' },
      attachments: [{ name: 'a.png', size: 12 }],
      // Looks like the members the body is cut at, inside a string (where quotes are escaped).
      note: `{"id":"${ROW_ID}","event":"message.user","occurredAt":"${new Date(T).toISOString()}"}`,
    });
    const { stored, rebuilt } = roundTrip(b);
    expect(rebuilt).toBe(JSON.stringify(b));
    expect(stored.length).toBeLessThan(JSON.stringify(b).length - 100);
    const { id: _id, event: _event, occurredAt: _at, ...fields } = b;
    // The session id is the row's session_id: cut where it stood, after `{"sessionId":"`, which
    // is stored as one code (store/packed-json.ts) like the other member names Herald writes.
    expect(stored.startsWith('@s1|')).toBe(true);
    expect(unpackJson(stored.slice(4))).toBe(JSON.stringify({ ...fields, sessionId: '' }));
    expect(stored).not.toContain(SESSION);
    expect(stored).not.toContain('"customerId":');
    expect(stored).toContain('"attachments":');
  });

  it('reads fields stored with their session id (from 0013 until the id was cut) as they are', () => {
    const fields = { sessionId: SESSION, seq: 4, text: 'kept' };
    const rebuilt = eventBodyText({ id: ROW_ID, type: 'message.user', session_id: SESSION, created_at: T, payload: JSON.stringify(fields) });
    expect(rebuilt).toBe(JSON.stringify(body(fields)));
  });

  it('keeps the whole body when rebuilding would not give the same bytes', () => {
    // A field named like a column, an integer-like key (sorted first by JavaScript), a time that
    // is not the row's, and no fields at all.
    for (const [b, at] of [
      [body({ id: 'evt_from_fields', seq: 1 }), T],
      [body({ event: 'renamed', seq: 1 }), T],
      [body({ 7: 'x', seq: 1 }), T],
      [body({ seq: 1 }, 'message.user', T + 1), T],
    ] as const) {
      const { stored, rebuilt } = roundTrip(b, at);
      expect(rebuilt).toBe(JSON.stringify(b));
      expect(stored).toBe(`=${JSON.stringify(b)}`);
    }
    const empty = { id: ROW_ID, event: 'email.test', occurredAt: new Date(T).toISOString() };
    expect(roundTrip(empty, T, 'email.test').rebuilt).toBe(JSON.stringify(empty));
  });

  it('reads rows written before migration 0013 as they are', () => {
    const whole = JSON.stringify(body({ seq: 3, text: 'old' }));
    expect(eventBodyText({ id: 'evt_01jf8x0000000000000000000a', type: 'message.user', session_id: null, created_at: String(T), payload: whole })).toBe(whole);
  });

  it('compacts a dispatched message event to what explain shows', () => {
    const b = body({ seq: 12, text: 'long text no delivery sends again' });
    const compact = compactedEventText(b)!;
    expect(unpackJson(compact)).toBe('{"seq":12}');
    expect(compact).toHaveLength(4);
    expect(JSON.parse(eventBodyText({ id: b.id, type: b.event, session_id: SESSION, created_at: T, payload: compact }))).toEqual({
      id: b.id,
      event: 'message.user',
      seq: 12,
      occurredAt: b.occurredAt,
    });
    expect(compactedEventText(body({ seq: null }, 'message.system'))).toBe('{}');
    // Other events are few and may be the only record of what happened: kept whole.
    expect(compactedEventText(body({ slot: 1_700_000_000_000 }, 'email.digest'))).toBeUndefined();
    expect(compactedEventText(body({ departmentId: 'dep_1', seq: null }, 'session.transferred'))).toBeUndefined();
  });
});
