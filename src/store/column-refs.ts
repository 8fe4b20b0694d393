/**
 * Text stored without the ids its own row's columns already hold (issue 16, fewer bytes per
 * delivery). A push message names its notification and its session (twice); an event's fields
 * name its session; FCM's answer names the message id kept beside it. Each such id is cut out
 * where it occurs and put back, byte for byte, when the text is read:
 *
 *   `@n1s77s141|{"notificationId":"","title":…}`: at 1 the row's `n` column, at 77 and 141 its `s`
 *
 * Positions are those of the whole text. A cut id leaves an empty string where it stood, so the
 * rest is still JSON with every other field as it was. Text stored before (or not worth cutting)
 * is kept whole and read as it is: stored text starts with `@` only when it was cut (a whole text
 * starting with `@` is stored behind an empty `@|`).
 */

/** Column values by a one-letter code; null or short values are not cut. */
export type ColumnRefs = Readonly<Record<string, string | null | undefined>>;

const MARK = '@';
const END = '|';
/** Ids shorter than this are not worth a position (and a short value may occur by chance). */
const MIN_LENGTH = 8;

/** The text to store: `text` without the occurrences of `refs`' values, when that saves bytes. */
export function withoutRefs(text: string, refs: ColumnRefs): string {
  const cuts: Array<{ at: number; code: string; length: number }> = [];
  for (const code in refs) {
    const value = refs[code];
    if (!value || value.length < MIN_LENGTH) continue;
    for (let at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + value.length)) cuts.push({ at, code, length: value.length });
  }
  if (cuts.length === 0) return text.startsWith(MARK) ? `${MARK}${END}${text}` : text;
  cuts.sort((a, b) => a.at - b.at);
  let spec = '';
  let rest = '';
  let from = 0;
  for (const c of cuts) {
    // One value inside another (never for distinct ids): the first occurrence wins.
    if (c.at < from) continue;
    spec += `${c.code}${c.at}`;
    rest += text.slice(from, c.at);
    from = c.at + c.length;
  }
  rest += text.slice(from);
  const stored = `${MARK}${spec}${END}${rest}`;
  if (stored.length < text.length) return stored;
  return text.startsWith(MARK) ? `${MARK}${END}${text}` : text;
}

/** The whole text of what `withoutRefs` stored (any other text as it is). */
export function withRefs(stored: string, refs: ColumnRefs): string {
  if (!stored.startsWith(MARK)) return stored;
  const end = stored.indexOf(END);
  const rest = stored.slice(end + 1);
  let out = '';
  let from = 0;
  let added = 0;
  let i = 1;
  while (i < end) {
    const code = stored[i]!;
    let j = i + 1;
    while (j < end && stored.charCodeAt(j) >= 48 && stored.charCodeAt(j) <= 57) j++;
    const at = Number(stored.slice(i + 1, j)) - added;
    const value = refs[code];
    if (value == null) throw new Error(`stored text refers to column ${code}, which this row does not hold`);
    out += rest.slice(from, at) + value;
    from = at;
    added += value.length;
    i = j;
  }
  return out + rest.slice(from);
}
