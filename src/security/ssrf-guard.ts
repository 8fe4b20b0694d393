/**
 * Outgoing webhooks go to URLs that customers type in. Without a guard, a URL could reach this
 * machine's loopback services, the private network, or a cloud metadata endpoint. We check at
 * save time (a clear error) and again at connect time (DNS can change between the two).
 */
import dns from 'node:dns';
import net from 'node:net';
import { HeraldError } from '../errors.js';

const BLOCKED_V4: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this" network
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, incl. 169.254.169.254 metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
];

const blockList = new net.BlockList();
for (const [addr, prefix] of BLOCKED_V4) blockList.addSubnet(addr, prefix, 'ipv4');
for (const [addr, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['ff00::', 8], // multicast
  ['fd00:ec2::254', 128], // AWS metadata over IPv6
] as Array<[string, number]>) {
  blockList.addSubnet(addr, prefix, 'ipv6');
}

export function isPrivateAddress(ip: string): boolean {
  const family = net.isIP(ip);
  if (family === 4) return blockList.check(ip, 'ipv4');
  if (family === 6) {
    // IPv4-mapped IPv6 (::ffff:127.0.0.1) must be judged as the IPv4 address it is.
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
    if (mapped) return blockList.check(mapped[1]!, 'ipv4');
    return blockList.check(ip, 'ipv6');
  }
  return true;
}

/** Save-time check: the URL is http(s) and every address its host resolves to is public. */
export async function assertPublicUrl(rawUrl: string, allowPrivate: boolean): Promise<void> {
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw new HeraldError('VALIDATION', `"${rawUrl}" is not a valid URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new HeraldError('VALIDATION', 'The push URL must start with http:// or https://.');
  }
  if (url.username || url.password) {
    throw new HeraldError('VALIDATION', 'The push URL must not carry credentials; use a header instead.');
  }
  if (allowPrivate) return;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  let addresses: string[];
  try {
    addresses = net.isIP(host) ? [host] : (await dns.promises.lookup(host, { all: true })).map((a) => a.address);
  } catch {
    throw new HeraldError('UNSAFE_URL', `The host "${host}" could not be resolved.`);
  }
  const bad = addresses.find(isPrivateAddress);
  if (bad) {
    throw new HeraldError(
      'UNSAFE_URL',
      `The push URL resolves to ${bad}, a private, loopback or link-local address; set HERALD_ALLOW_PRIVATE_WEBHOOKS=true to allow such targets (development only).`,
    );
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | dns.LookupAddress[], family?: number) => void;

/** Connect-time check, passed to undici's `connect.lookup`: refuses private answers. */
export function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => isPrivateAddress(a.address));
    if (bad) {
      const e: NodeJS.ErrnoException = new Error(`refused to connect to private address ${bad.address}`);
      e.code = 'EPRIVATEADDR';
      return callback(e, []);
    }
    if (options.all) return callback(null, list);
    return callback(null, list[0]!.address, list[0]!.family);
  });
}
