/**
 * Attempt excerpts (a vendor's or receiver's answer, an error line) are stored and shown in the
 * deliveries console to viewers. A receiver that echoes our request back — headers included —
 * would put the push config's secret header, a provider key or an access token there. Every
 * excerpt passes through `redact` before it is stored.
 */
export const REDACTED = '[redacted]';

// Shorter values are too likely to collide with ordinary words ("true", "yes").
const MIN_SECRET_LENGTH = 6;

// Credentials that look like credentials, whoever sent them.
const PATTERNS: RegExp[] = [
  /\b(Bearer|Basic)(\s+)[A-Za-z0-9\-._~+/]+=*/gi, // Authorization schemes
  /\b(Key|Token)(\s+)[A-Za-z0-9\-._~+/]{16,}=*/g, // OneSignal "Key …", "Token …"
  /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, // JWTs (access tokens, VAPID)
  /\bya29\.[A-Za-z0-9_-]+/g, // Google OAuth access tokens
  /\bhk_[A-Za-z0-9_]{16,}/g, // Herald server keys
  /\bwhsec_[A-Za-z0-9+/=]{16,}/g, // webhook signing secrets
  /\bbot\d{5,}:[A-Za-z0-9_-]{20,}/g, // Telegram bot tokens in URLs
];

/**
 * Replaces every known secret value (and its base64 and URL-encoded forms) and anything shaped
 * like a bearer token or key with `[redacted]`. Pure; `undefined` stays `undefined`.
 */
export function redact(text: string | undefined, secrets: ReadonlyArray<string | undefined> = []): string | undefined {
  if (text === undefined || text === '') return text;
  let out = text;
  const values = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    values.add(s);
    values.add(encodeURIComponent(s));
    values.add(Buffer.from(s).toString('base64'));
    values.add(JSON.stringify(s).slice(1, -1));
  }
  // Longest first, so a secret containing another is replaced whole.
  for (const v of [...values].sort((a, b) => b.length - a.length)) {
    if (v.length >= MIN_SECRET_LENGTH) out = out.split(v).join(REDACTED);
  }
  for (const p of PATTERNS) {
    out = out.replace(p, (match, scheme?: string, space?: string) =>
      typeof scheme === 'string' && typeof space === 'string' && !match.startsWith('eyJ') ? `${scheme}${space}${REDACTED}` : REDACTED,
    );
  }
  return out;
}
