import { describe, expect, it } from 'vitest';
import { quietUntil, validateQuietHours } from './quiet-hours.js';
import { summarySentence } from './summary-texts.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

describe('quiet hours', () => {
  const night = { start: '22:00', end: '07:00' };

  it('a window crossing midnight ends at the local end time, the next morning', () => {
    // Berlin in winter is UTC+1.
    expect(iso(quietUntil(night, 'Europe/Berlin', at('2026-01-10T21:30:00Z')))).toBe('2026-01-11T06:00:00.000Z');
    expect(iso(quietUntil(night, 'Europe/Berlin', at('2026-01-11T05:59:59Z')))).toBe('2026-01-11T06:00:00.000Z');
    expect(quietUntil(night, 'Europe/Berlin', at('2026-01-11T06:00:00Z'))).toBeUndefined();
    expect(quietUntil(night, 'Europe/Berlin', at('2026-01-10T20:59:59Z'))).toBeUndefined();
  });

  it('spring forward inside the window: it ends at 07:00 summer time, one real hour sooner', () => {
    // Europe/Berlin, 29 March 2026: 02:00 CET → 03:00 CEST. Held at 23:00 CET (22:00Z).
    expect(iso(quietUntil(night, 'Europe/Berlin', at('2026-03-28T22:00:00Z')))).toBe('2026-03-29T05:00:00.000Z');
    // A fixed offset taken at the start of the window would have said 06:00Z: eight real hours, not seven.
  });

  it('fall back inside the window: it ends at 07:00 winter time, one real hour later', () => {
    // Europe/Berlin, 25 October 2026: 03:00 CEST → 02:00 CET. Held at 23:00 CEST (21:00Z).
    expect(iso(quietUntil(night, 'Europe/Berlin', at('2026-10-24T21:00:00Z')))).toBe('2026-10-25T06:00:00.000Z');
    // During the repeated hour (02:30 happens twice) it is still quiet.
    expect(iso(quietUntil(night, 'Europe/Berlin', at('2026-10-25T00:30:00Z')))).toBe('2026-10-25T06:00:00.000Z');
    expect(iso(quietUntil(night, 'Europe/Berlin', at('2026-10-25T01:30:00Z')))).toBe('2026-10-25T06:00:00.000Z');
  });

  it('a window that ends in the skipped hour ends when the clock jumps', () => {
    // 01:00–02:30 on the spring-forward night: 02:30 does not exist; the window ends at 03:00 CEST = 01:00Z.
    const w = { start: '01:00', end: '02:30' };
    expect(iso(quietUntil(w, 'Europe/Berlin', at('2026-03-29T00:30:00Z')))).toBe('2026-03-29T01:30:00.000Z');
  });

  it('southern hemisphere: Sydney starts summer time in the window', () => {
    // Australia/Sydney, 4 October 2026: 02:00 AEST (UTC+10) → 03:00 AEDT (UTC+11). 22:00 AEST = 12:00Z.
    expect(iso(quietUntil(night, 'Australia/Sydney', at('2026-10-03T12:00:00Z')))).toBe('2026-10-03T20:00:00.000Z');
  });

  it('a daytime window and seconds', () => {
    expect(iso(quietUntil({ start: '12:00:00', end: '12:00:30' }, 'UTC', at('2026-01-01T12:00:10Z')))).toBe('2026-01-01T12:00:30.000Z');
    expect(quietUntil({ start: '12:00', end: '13:00' }, 'UTC', at('2026-01-01T13:00:00Z'))).toBeUndefined();
  });

  it('refuses unknown zones and equal or malformed times with a sentence', () => {
    expect(() => validateQuietHours(night, 'Mars/Olympus')).toThrow(/not an IANA time zone/);
    expect(() => validateQuietHours({ start: '07:00', end: '07:00' }, 'UTC')).toThrow(/must differ/);
    expect(() => validateQuietHours({ start: '7pm', end: '07:00' }, 'UTC')).toThrow(/times like/);
  });

  it('summaries in English and Russian, with Russian plural forms', () => {
    expect(summarySentence('en', 3, 2)).toBe('3 new messages in 2 conversations');
    expect(summarySentence(null, 1, 1)).toBe('1 new message in 1 conversation');
    expect(summarySentence('ru-RU', 3, 2)).toBe('3 новых сообщения в 2 беседах');
    expect(summarySentence('ru', 5, 1)).toBe('5 новых сообщений в 1 беседе');
    expect(summarySentence('ru', 21, 21)).toBe('21 новое сообщение в 21 беседе');
  });
});
