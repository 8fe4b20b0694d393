/**
 * JSON text stored without the member names Herald itself writes (issue 16, fewer bytes per
 * delivery). A push message is `{"notificationId":…,"title":…,"body":…,"data":{…},…}` and a
 * message event `{"sessionId":…,"customerId":…,"agentId":…,"channel":…,"seq":…,…}`: the names
 * and their punctuation are two thirds of a short message, the same in every row.
 *
 * Each fragment of FRAGMENTS is stored as one control character (U+0001 + its index). Text that
 * JSON.stringify writes never holds a raw control character (it escapes them), so the stored text
 * reads back byte for byte, and text stored before (plain JSON) reads as it is. Text that holds a
 * control character (never JSON.stringify's) is stored whole behind U+001F.
 *
 * FRAGMENTS only grows: a fragment's index is in stored rows (30 codes, U+0001 to U+001E).
 */

const FRAGMENTS = [
  // A push message as the push rules build it (channels/push/push-rules.ts), email and SMS alike.
  '{"notificationId":"',
  '","title":"',
  '","body":"',
  '","data":{',
  '"type":"',
  '","conversationId":"',
  '"},"collapseId":"',
  '","urgency":"',
  '","ttlSeconds":',
  // An event's fields as core/outbox.ts writes them (sessionEventFields, then the message's).
  '{"sessionId":"',
  '","customerId":"',
  '","agentId":"',
  '","channel":"',
  '","seq":',
  ',"text":"',
  '","author":{"type":"',
  '","id":"',
  '"},"messageId":"',
  '{"seq":',
] as const;

const MAX_FRAGMENTS = 30;
/** Marks text stored whole because it holds control characters of its own. */
const WHOLE = '\u001f';
if (FRAGMENTS.length > MAX_FRAGMENTS) throw new Error('packed-json: more fragments than codes');

const CODE_OF = new Map<string, string>(FRAGMENTS.map((f, i) => [f, String.fromCharCode(i + 1)]));
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
// Longest first: where two fragments start at one place, the longer is the one stored.
const FRAGMENT_RE = new RegExp(
  [...FRAGMENTS]
    .sort((a, b) => b.length - a.length)
    .map(escapeRe)
    .join('|'),
  'g',
);
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;
// eslint-disable-next-line no-control-regex
const CODE = /[\u0001-\u001e]/g;

/** The text to store: `json` with Herald's member names as codes. */
export function packJson(json: string): string {
  if (CONTROL.test(json)) return WHOLE + json;
  return json.replace(FRAGMENT_RE, (f) => CODE_OF.get(f)!);
}

/** The text packJson was given, byte for byte (any text without codes as it is). */
export function unpackJson(stored: string): string {
  if (!CONTROL.test(stored)) return stored;
  if (stored.startsWith(WHOLE)) return stored.slice(WHOLE.length);
  return stored.replace(CODE, (c) => FRAGMENTS[c.charCodeAt(0) - 1]!);
}
