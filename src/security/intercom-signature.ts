/**
 * Intercom webhook signing: `X-Hub-Signature: sha1=<hex HMAC-SHA1 of the raw body>` keyed with
 * the app's client secret (INTERCOM_CLIENT_SECRET). Must be computed over the exact bytes
 * received, before any JSON parsing, or re-serialisation changes the digest.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface IntercomSignatureInput {
  clientSecret: string;
  rawBody: Buffer | string;
  /** The X-Hub-Signature header value. */
  header: string | readonly string[] | undefined;
}

/** The header value Intercom sends for this body. */
export function computeIntercomSignature(clientSecret: string, rawBody: Buffer | string): string {
  return `sha1=${createHmac('sha1', clientSecret).update(rawBody).digest('hex')}`;
}

/** True when the header carries a valid signature of this body; constant-time. */
export function verifyIntercomSignature({ clientSecret, rawBody, header }: IntercomSignatureInput): boolean {
  const value: unknown = Array.isArray(header) ? header[0] : header;
  if (!clientSecret || typeof value !== 'string') return false;
  const match = /^sha1=([0-9a-f]{40})$/i.exec(value.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]!, 'hex');
  const expected = createHmac('sha1', clientSecret).update(rawBody).digest();
  return given.length === expected.length && timingSafeEqual(given, expected);
}
