import dns from 'node:dns';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unsafeUrls } from '../../test/helpers/unsafe-urls.js';
import { assertOutgoingUrl, assertOutgoingUrlStatic, guardedAgent, isGuardRefusal, unsafeAddressReason } from './url-guard.js';

describe('unsafeAddressReason (ipaddr.js ranges)', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.0.0.8', 'private'],
    ['169.254.169.254', 'linkLocal'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:127.0.0.1', 'ipv4Mapped → loopback'],
    ['::ffff:0:7f00:1', 'rfc6145 → loopback'],
    ['64:ff9b::7f00:1', 'rfc6052 → loopback'],
    ['::7f00:1', 'ipv4Mapped → loopback'],
    ['2002:7f00:1::', '6to4 → loopback'],
    ['2001:0:4136:e378:8000:63bf:80ff:fffe', 'teredo → loopback'],
    ['2001:db8::1', 'reserved'],
  ])('%s is refused (%s)', (ip, reason) => {
    const why = unsafeAddressReason(ip);
    expect(why).toBeDefined();
    expect(why!.split(' → ')[1] ?? why).toBe(reason.split(' → ')[1] ?? reason);
  });

  it.each(['8.8.8.8', '93.184.216.34', '2606:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1'])('%s is public', (ip) =>
    expect(unsafeAddressReason(ip)).toBeUndefined(),
  );
});

describe('assertOutgoingUrl', () => {
  it.each(unsafeUrls())('refuses %s', async (url) => {
    expect(() => assertOutgoingUrlStatic(url, false)).toThrow(/HERALD_ALLOW_PRIVATE_WEBHOOKS/);
    await expect(assertOutgoingUrl(url, false)).rejects.toMatchObject({ code: 'HERALD_UNSAFE_URL' });
  });

  it('accepts private targets only when allowed, and refuses credentials and other schemes always', async () => {
    await expect(assertOutgoingUrl('http://127.0.0.1/x', true)).resolves.toBeUndefined();
    await expect(assertOutgoingUrl('http://93.184.216.34/x', false)).resolves.toBeUndefined();
    await expect(assertOutgoingUrl('http://user:pw@93.184.216.34/x', true)).rejects.toThrow(/credentials/);
    await expect(assertOutgoingUrl('file:///etc/passwd', true)).rejects.toThrow(/http/);
    await expect(assertOutgoingUrl('gopher://93.184.216.34/', false)).rejects.toThrow(/http/);
  });
});

const ownName = await dns.promises.lookup(os.hostname(), { all: true }).catch(() => []);
const ownNameIsPrivate = ownName.length > 0 && ownName.every((a) => unsafeAddressReason(a.address));

describe('connect-time guard (undici Agent)', () => {
  let server: http.Server;
  let port = 0;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits++;
      res.end('reached');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  const attempt = async (host: string, allowPrivate: boolean) => {
    const agent = guardedAgent({ allowPrivate });
    try {
      const res = await request(`http://${host}:${port}/`, { dispatcher: agent });
      return `${res.statusCode} ${await res.body.text()}`;
    } catch (err) {
      return isGuardRefusal(err) ? 'refused' : `other: ${(err as Error).message}`;
    } finally {
      await agent.close();
    }
  };

  it('refuses IP literals by the peer address and names by their DNS answer; nothing reaches the server', async () => {
    expect(await attempt('127.0.0.1', false)).toBe('refused');
    expect(await attempt('[::ffff:127.0.0.1]', false)).toBe('refused');
    expect(await attempt('localhost', false)).toBe('refused');
    expect(hits).toBe(0);
    expect(await attempt('127.0.0.1', true)).toBe('200 reached');
    expect(hits).toBe(1);
  });

  // This machine's own name usually resolves (through /etc/hosts) to a loopback or private address:
  // the DNS path of the guard, not the name check, must refuse it.
  it.skipIf(!ownNameIsPrivate)('refuses a host name whose DNS answer is private', async () => {
    const before = hits;
    expect(await attempt(os.hostname(), false)).toBe('refused');
    expect(hits).toBe(before);
  });
});
