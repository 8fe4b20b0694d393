/**
 * The one guard for every URL Herald sends to: webhook targets, Web Push endpoints, provider base
 * URLs and token URIs. Without it a URL someone typed (a manager, or a customer registering a
 * browser) could reach this machine's loopback services, the private network or a cloud metadata
 * endpoint. It runs at save time (a clear error) and again at connect time, on the address DNS
 * actually gave and on the socket's real peer, because DNS can change between the two.
 *
 * Address classes come from ipaddr.js, not hand-written ranges: only global unicast passes.
 * IPv6 forms that carry an IPv4 address (mapped, compatible, SIIT, NAT64, 6to4, Teredo) are judged
 * by the IPv4 address inside, so `[::ffff:7f00:1]` is loopback like 127.0.0.1.
 */
import dns from 'node:dns';
import net from 'node:net';
import ipaddr from 'ipaddr.js';
import { Agent, buildConnector } from 'undici';
import { HeraldError } from '../errors.js';

/** Names that always mean this machine (RFC 6761), whatever a resolver says. */
const LOCAL_NAME = /^(localhost|localhost\.localdomain|ip6-localhost|ip6-loopback)$|\.localhost$/i;

// Ranges whose last 32 bits are an IPv4 address (RFC 4291 mapped/compatible, RFC 6145, RFC 6052).
const EMBEDS_V4_LOW = new Set(['ipv4Mapped', 'rfc6145', 'rfc6052']);

function ipv4From(parts: number[], hi: number): ipaddr.IPv4 {
  return ipaddr.IPv4.parse(`${parts[hi]! >> 8}.${parts[hi]! & 255}.${parts[hi + 1]! >> 8}.${parts[hi + 1]! & 255}`);
}

/**
 * Why an address may not be a target (its range name, e.g. "loopback", "ipv4Mapped → private"),
 * or undefined for a public address.
 */
export function unsafeAddressReason(address: string): string | undefined {
  const host = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ipaddr.isValid(host)) return 'not an IP address';
  const ip = ipaddr.parse(host);
  if (ip.kind() === 'ipv4') {
    const range = ip.range();
    return range === 'unicast' ? undefined : range;
  }
  const v6 = ip as ipaddr.IPv6;
  const parts = v6.parts;
  const range = v6.range();
  const embedded: ipaddr.IPv4[] = [];
  if (EMBEDS_V4_LOW.has(range)) embedded.push(ipv4From(parts, 6));
  // IPv4-compatible (::a.b.c.d, deprecated by RFC 4291 but still parsed by stacks).
  else if (parts.slice(0, 6).every((p) => p === 0) && range !== 'unspecified' && range !== 'loopback') embedded.push(ipv4From(parts, 6));
  else if (range === '6to4') embedded.push(ipv4From(parts, 1));
  else if (range === 'teredo') {
    // Teredo: server IPv4 in bits 32–63, client IPv4 (inverted) in the last 32 bits.
    embedded.push(ipv4From(parts, 2));
    embedded.push(
      ipv4From(
        parts.map((p, i) => (i >= 6 ? ~p & 0xffff : p)),
        6,
      ),
    );
  }
  if (embedded.length > 0) {
    for (const v4 of embedded) {
      const r = v4.range();
      if (r !== 'unicast') return `${range} → ${r}`;
    }
    return undefined;
  }
  // NAT64 local-use prefix (RFC 8215) can reach anything behind the translator.
  if (parts[0] === 0x64 && parts[1] === 0xff9b && parts[2] === 1) return 'rfc8215';
  return range === 'unicast' ? undefined : range;
}

/** True when the host name means this machine by definition (localhost, *.localhost, "localhost."). */
export function isLocalName(hostname: string): boolean {
  return LOCAL_NAME.test(hostname.replace(/\.+$/, ''));
}

/** Parses and checks a URL's syntax; returns the URL. `what` names it in errors ("The push URL"). */
export function parseOutgoingUrl(rawUrl: string, what = 'The URL'): URL {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new HeraldError('VALIDATION', `${what} "${rawUrl.slice(0, 200)}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HeraldError('VALIDATION', `${what} must start with http:// or https://.`);
  }
  if (url.username || url.password) {
    throw new HeraldError('VALIDATION', `${what} must not carry credentials; use a header or a setting instead.`);
  }
  return url;
}

function refusal(what: string, detail: string): HeraldError {
  return new HeraldError(
    'UNSAFE_URL',
    `${what} points to ${detail}; Herald sends only to public addresses (set HERALD_ALLOW_PRIVATE_WEBHOOKS=true to allow private targets, for development only).`,
  );
}

/**
 * Checks without DNS: syntax, local names and IP literals. Used at start for stored or configured
 * provider bases, where a resolver may not be reachable yet; the connect-time guard covers DNS.
 */
export function assertOutgoingUrlStatic(rawUrl: string, allowPrivate: boolean, what = 'The URL'): URL {
  const url = parseOutgoingUrl(rawUrl, what);
  if (allowPrivate) return url;
  // WHATWG URL has already normalised IPv4 spellings (0x7f.1, 2130706433, 0177.0.0.1 → 127.0.0.1).
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isLocalName(host)) throw refusal(what, `"${host}", this machine`);
  if (net.isIP(host)) {
    const why = unsafeAddressReason(host);
    if (why) throw refusal(what, `${host} (${why})`);
  }
  return url;
}

/** Save-time check: syntax, then every address the host resolves to must be public. */
export async function assertOutgoingUrl(rawUrl: string, allowPrivate: boolean, what = 'The URL'): Promise<void> {
  const url = assertOutgoingUrlStatic(rawUrl, allowPrivate, what);
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(host)) return;
  let addresses: string[];
  try {
    addresses = (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new HeraldError('UNSAFE_URL', `${what}: the host "${host}" could not be resolved.`);
  }
  for (const a of addresses) {
    const why = unsafeAddressReason(a);
    if (why) throw refusal(what, `${host}, which resolves to ${a} (${why})`);
  }
}

/** The error a refused connection fails with; senders map it to a non-retryable failure. */
export class PrivateAddressError extends Error {
  readonly code = 'EPRIVATEADDR';
  constructor(address: string, why: string) {
    super(`refused to connect to ${address} (${why})`);
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** Connect-time DNS check (net/tls `lookup` option): refuses any private answer. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  if (isLocalName(hostname)) return callback(new PrivateAddressError(hostname, 'localhost'), []);
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses;
    for (const a of list) {
      const why = unsafeAddressReason(a.address);
      if (why) return callback(new PrivateAddressError(a.address, why), []);
    }
    if (options.all) return callback(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
}

/**
 * An undici connector that refuses private targets: names through `guardedLookup`, and every
 * socket by its real peer address once connected (IP literals never go through a lookup).
 */
export function guardedConnector(options: buildConnector.BuildOptions & { allowPrivate: boolean }): buildConnector.connector {
  const { allowPrivate, ...rest } = options;
  const base = buildConnector(allowPrivate ? rest : { ...rest, lookup: guardedLookup });
  if (allowPrivate) return base;
  return (opts, callback) => {
    const literal = opts.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(literal)) {
      const why = unsafeAddressReason(literal);
      if (why) return callback(new PrivateAddressError(literal, why), null);
    }
    return base(opts, (err, socket) => {
      if (err || !socket) return callback(err, null);
      const peer = socket.remoteAddress;
      const why = peer ? unsafeAddressReason(peer) : 'unknown peer';
      if (why) {
        socket.destroy();
        return callback(new PrivateAddressError(peer ?? opts.hostname, why), null);
      }
      return callback(null, socket);
    });
  };
}

/** A keep-alive Agent whose every connection passes the guard (unless private targets are allowed). */
export function guardedAgent(options: Agent.Options & { allowPrivate: boolean; connectTimeoutMs?: number }): Agent {
  const { allowPrivate, connectTimeoutMs, ...agentOptions } = options;
  return new Agent({ ...agentOptions, connect: guardedConnector({ allowPrivate, ...(connectTimeoutMs && { timeout: connectTimeoutMs }) }) });
}

/** Whether an undici/network error is the guard refusing a private target (never worth a retry). */
export function isGuardRefusal(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | undefined;
  return e?.code === 'EPRIVATEADDR' || e?.cause?.code === 'EPRIVATEADDR';
}
