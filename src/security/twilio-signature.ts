/**
 * Twilio request signing (X-Twilio-Signature): base64 HMAC-SHA1, keyed with the account's auth
 * token, of the full URL Twilio called (scheme, host, path, query) followed by every POST
 * parameter name and value, sorted by name. Twilio signs the URL exactly as configured in its
 * console, so behind a proxy verify against HERALD_PUBLIC_URL + path, never the socket address.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Form parameters of a webhook; a repeated name is an array. */
export type TwilioParams = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface TwilioSignatureInput {
  authToken: string;
  /** Full URL as Twilio requested it, including any query string. */
  url: string;
  /** Decoded form body (application/x-www-form-urlencoded). */
  params: TwilioParams;
}

/** The X-Twilio-Signature value Twilio would send for this request. */
export function computeTwilioSignature({ authToken, url, params }: TwilioSignatureInput): string {
  let data = url;
  for (const name of Object.keys(params).sort()) {
    const value = params[name];
    if (value === undefined) continue;
    // Same as Twilio's helper libraries: repeated values are de-duplicated and sorted.
    const values = typeof value === 'string' ? [value] : [...new Set(value)].sort();
    for (const v of values) data += name + v;
  }
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/**
 * True when `signature` matches. Like Twilio's own validators it accepts the URL with and
 * without an explicit port, because load balancers add or drop the default one.
 */
export function verifyTwilioSignature(input: TwilioSignatureInput & { signature: string | undefined }): boolean {
  const { signature, ...rest } = input;
  if (!signature || !rest.authToken) return false;
  const given = Buffer.from(signature, 'base64');
  let valid = false;
  // Check every variant (no early exit) so timing does not tell which one matched.
  for (const url of urlVariants(rest.url)) {
    const expected = Buffer.from(computeTwilioSignature({ ...rest, url }), 'base64');
    if (given.length === expected.length && timingSafeEqual(given, expected)) valid = true;
  }
  return valid;
}

function urlVariants(raw: string): string[] {
  // A regex rather than URL: URL lowercases the host, and Twilio signs the URL as configured.
  const m = /^(https?):\/\/([^/?#@]*@)?(\[[^\]]*\]|[^/?#:]+)(?::(\d+))?(.*)$/i.exec(raw);
  if (!m) return [raw];
  const [, scheme = '', auth = '', host = '', port, rest = ''] = m;
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  const base = `${scheme}://${auth}${host}`;
  return [...new Set([raw, `${base}${rest}`, `${base}:${port ?? defaultPort}${rest}`])];
}
