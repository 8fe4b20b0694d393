import { execFile } from 'node:child_process';
import { createPublicKey, generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import http2 from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { decodeProtectedHeader, jwtVerify } from 'jose';

export interface ApnsFakeOptions {
  keyId: string;
  teamId: string;
  /** ES256 public key verifying provider tokens; without it the fake makes a pair (`writeKey`). */
  publicKey?: string | KeyObject;
  /** When set, any other apns-topic gets 400 DeviceTokenNotForTopic. */
  topic?: string;
  /** Server certificate; without it a self-signed one for 127.0.0.1 is made with the openssl CLI. */
  tls?: { key: string; cert: string };
}

/** One request that passed authentication, as APNs would have forwarded it. */
export interface ApnsReceived {
  deviceToken: string;
  headers: Record<string, string | undefined>;
  payload: Record<string, unknown> & { aps?: Record<string, unknown> };
  /** Claims and header of the provider token used. */
  jwt: { iss: string; iat: number; kid: string };
  /** Which HTTP/2 connection carried it (1 = first). */
  session: number;
  status: number;
  at: number;
}

/** A scripted answer ({status, reason}) or 'hang' (never answer). */
export type ApnsScript = { status: number; reason?: string; headers?: Record<string, string> } | 'hang';

/**
 * A local APNs provider API: HTTP/2 over TLS, ES256 provider-token checks, /3/device/<token>,
 * Apple's error reasons. Counts connections so tests can see the provider keeps one session.
 */
export class ApnsFake {
  readonly received: ApnsReceived[] = [];
  /** Device tokens answered with 410 Unregistered. */
  readonly unregistered = new Set<string>();
  /** HTTP/2 connections accepted so far. */
  sessions = 0;
  host = '';
  ca = '';
  private server: http2.Http2SecureServer | undefined;
  private readonly live = new Set<http2.ServerHttp2Session>();
  private readonly scripted: ApnsScript[] = [];
  private readonly publicKey: KeyObject;
  private readonly privateKeyPem: string | undefined;

  constructor(private readonly options: ApnsFakeOptions) {
    if (options.publicKey) {
      this.publicKey = typeof options.publicKey === 'string' ? createPublicKey(options.publicKey) : options.publicKey;
    } else {
      const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
      this.publicKey = pair.publicKey;
      this.privateKeyPem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    }
  }

  async start(): Promise<{ host: string; ca: string; url: string }> {
    const tls = this.options.tls ?? (await selfSignedCert());
    this.ca = tls.cert;
    const server = http2.createSecureServer({ key: tls.key, cert: tls.cert });
    server.on('session', (session) => {
      this.sessions++;
      const id = this.sessions;
      this.live.add(session);
      session.on('close', () => this.live.delete(session));
      session.on('error', () => undefined);
      session.on('stream', (stream, headers) => void this.handle(stream, headers, id));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { host: this.host, ca: this.ca, url: `https://${this.host}` };
  }

  /** Writes the fake's own signing key as an Apple-style AuthKey .p8 and returns its path. */
  async writeKey(dir: string): Promise<string> {
    if (!this.privateKeyPem) throw new Error('ApnsFake was given a publicKey; write the .p8 yourself');
    const path = join(dir, `AuthKey_${this.options.keyId}.p8`);
    await writeFile(path, this.privateKeyPem, { mode: 0o600 });
    return path;
  }

  script(...answers: ApnsScript[]): void {
    this.scripted.push(...answers);
  }

  /** Sends GOAWAY on every open connection, as APNs does when it rotates servers. */
  goaway(): void {
    for (const s of this.live) s.goaway(http2.constants.NGHTTP2_NO_ERROR);
  }

  reset(): void {
    this.received.length = 0;
    this.scripted.length = 0;
  }

  async close(): Promise<void> {
    for (const s of this.live) s.destroy();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(stream: http2.ServerHttp2Stream, headers: http2.IncomingHttpHeaders, session: number): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of stream) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const h = (name: string): string | undefined => {
      const v = headers[name];
      return Array.isArray(v) ? v[0] : v;
    };
    const answer = (status: number, reason?: string, extra: Record<string, string | number> = {}): void => {
      if (stream.destroyed) return;
      const apnsId = h('apns-id') ?? randomUUID();
      stream.respond({ ':status': status, 'apns-id': apnsId, ...extra, ...(reason ? { 'content-type': 'application/json' } : {}) });
      stream.end(reason ? JSON.stringify(reason === 'Unregistered' ? { reason, timestamp: Date.now() } : { reason }) : undefined);
    };

    if (h(':method') !== 'POST') return answer(405, 'MethodNotAllowed');
    const m = /^\/3\/device\/([^/?]+)$/.exec(h(':path') ?? '');
    if (!m) return answer(404, 'BadPath');
    const deviceToken = m[1] ?? '';

    const bearer = /^bearer (.+)$/i.exec(h('authorization') ?? '')?.[1];
    if (!bearer) return answer(403, 'MissingProviderToken');
    let jwt: ApnsReceived['jwt'];
    try {
      const { kid } = decodeProtectedHeader(bearer);
      const { payload } = await jwtVerify(bearer, this.publicKey, { algorithms: ['ES256'], issuer: this.options.teamId });
      if (kid !== this.options.keyId || typeof payload.iat !== 'number') throw new Error('kid / iat');
      jwt = { iss: payload.iss!, iat: payload.iat, kid };
    } catch {
      return answer(403, 'InvalidProviderToken');
    }
    if (jwt.iat < Date.now() / 1000 - 3600) return answer(403, 'ExpiredProviderToken');

    const topic = h('apns-topic');
    if (!topic) return answer(400, 'MissingTopic');
    if (this.options.topic && topic !== this.options.topic) return answer(400, 'DeviceTokenNotForTopic');
    const pushType = h('apns-push-type');
    if (pushType && !['alert', 'background', 'voip', 'complication', 'fileprovider', 'mdm', 'liveactivity'].includes(pushType)) {
      return answer(400, 'InvalidPushType');
    }
    if (!/^[0-9a-f]{64,200}$/i.test(deviceToken)) return answer(400, 'BadDeviceToken');
    if (Buffer.byteLength(body) > 4096) return answer(413, 'PayloadTooLarge');
    let payload: ApnsReceived['payload'];
    try {
      payload = JSON.parse(body) as ApnsReceived['payload'];
    } catch {
      return answer(400, body ? 'BadPayload' : 'PayloadEmpty');
    }

    const scripted = this.scripted.shift();
    const status = scripted === 'hang' ? 0 : (scripted?.status ?? (this.unregistered.has(deviceToken) ? 410 : 200));
    const recorded: Record<string, string | undefined> = {};
    for (const k of ['apns-topic', 'apns-push-type', 'apns-priority', 'apns-collapse-id', 'apns-expiration', 'apns-id']) {
      recorded[k] = h(k);
    }
    this.received.push({ deviceToken, headers: recorded, payload, jwt, session, status, at: Date.now() });
    if (scripted === 'hang') return;
    if (scripted) return answer(scripted.status, scripted.reason, scripted.headers);
    if (status === 410) return answer(410, 'Unregistered');
    answer(200);
  }
}

/** A throwaway cert for 127.0.0.1; tests trust it by passing `ca` to the provider. */
async function selfSignedCert(): Promise<{ key: string; cert: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'apns-fake-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    await promisify(execFile)('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1,DNS:localhost',
    ]);
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
