/**
 * Quiet hours: a daily window of wall-clock time in the recipient's IANA zone. Wall-clock times
 * are turned into instants by luxon, so a window that spans a DST change ends when the clock on
 * the recipient's wall says so (an hour more or less of real time), never at a fixed offset.
 */
import { DateTime, IANAZone } from 'luxon';
import { HeraldError } from '../errors.js';

export interface QuietHours {
  /** "HH:MM" (or "HH:MM:SS"), local time. */
  start: string;
  end: string;
}

const HHMM = /^([01][0-9]|2[0-3]):([0-5][0-9])(:[0-5][0-9])?$/;

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Checks what a caller sent: a known zone and two distinct HH:MM times. */
export function validateQuietHours(q: QuietHours | null | undefined, zone: string | null | undefined): void {
  if (zone !== undefined && zone !== null && !isValidZone(zone)) {
    throw new HeraldError('VALIDATION', `timezone "${zone}" is not an IANA time zone (for example "Europe/Berlin").`);
  }
  if (!q) return;
  if (!HHMM.test(q.start) || !HHMM.test(q.end)) throw new HeraldError('VALIDATION', 'quietHours.start and quietHours.end must be times like "22:00".');
  if (q.start === q.end) throw new HeraldError('VALIDATION', 'quietHours.start and quietHours.end must differ.');
}

export function parseQuietHours(json: string | null): QuietHours | null {
  if (!json) return null;
  try {
    const q = JSON.parse(json) as QuietHours | null;
    return q && HHMM.test(q.start) && HHMM.test(q.end) ? q : null;
  } catch {
    return null;
  }
}

/**
 * When the quiet window that contains `at` ends (epoch ms), or undefined when `at` is outside
 * every window. A window crossing midnight ("22:00"–"07:00") belongs to the day it starts on.
 * A start or end that does not exist on a DST day (02:30 when clocks jump 02:00→03:00) moves
 * forward by the gap, as luxon resolves it.
 */
export function quietUntil(q: QuietHours, zone: string | null, at: number): number | undefined {
  const z = zone && isValidZone(zone) ? zone : 'UTC';
  const local = DateTime.fromMillis(at, { zone: z });
  const [sh, sm, ss = 0] = q.start.split(':').map(Number) as [number, number, number?];
  const [eh, em, es = 0] = q.end.split(':').map(Number) as [number, number, number?];
  const crossesMidnight = eh * 3600 + em * 60 + es <= sh * 3600 + sm * 60 + ss;
  // The window containing `at` started today or (crossing midnight) yesterday.
  for (const dayOffset of [0, -1]) {
    const day = local.startOf('day').plus({ days: dayOffset });
    const start = day.set({ hour: sh, minute: sm, second: ss });
    const end = day.plus({ days: crossesMidnight ? 1 : 0 }).set({ hour: eh, minute: em, second: es });
    if (at >= start.toMillis() && at < end.toMillis()) return end.toMillis();
  }
  return undefined;
}
