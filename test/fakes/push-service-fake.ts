import { createDecipheriv, createECDH, hkdfSync, randomBytes, randomUUID, type ECDH } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { importJWK, jwtVerify } from 'jose';

/** A browser PushSubscription as `JSON.stringify(subscription)` gives it. */
export interface FakePushSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

/** One push message the fake accepted far enough to decrypt it. */
export interface PushServiceReceived {
  subscriptionId: string;
  endpoint: string;
  /** Decrypted plaintext (RFC 8291 aes128gcm). */
  payload: string;
  ttl: number;
  urgency: string | undefined;
  topic: string | undefined;
  /** Claims of the VAPID JWT and the `k=` public key that verified it. */
  vapid: { sub: string; aud: string; exp: number; publicKey: string };
  /** Status the fake answered; 0 while a scripted hang holds the request. */
  status: number;
  at: number;
}

/** A scripted answer: a status (with optional body/headers) or 'hang' (never answer). */
export type PushServiceScript = { status: number; body?: string; headers?: Record<string, string> } | 'hang';

interface SubscriptionState {
  ecdh: ECDH;
  publicKey: Buffer;
  auth: Buffer;
  gone: boolean;
  script: PushServiceScript[];
}

/**
 * A local Web Push service (RFC 8030 + RFC 8291 + RFC 8292): hands out subscriptions whose private
 * keys it keeps, verifies each request's VAPID JWT and decrypts the payload, so tests assert on
 * what a browser would actually have shown.
 */
export class PushServiceFake {
  readonly received: PushServiceReceived[] = [];
  /** Requests refused before reaching a subscription (bad VAPID, missing TTL, undecryptable …). */
  readonly rejected: { status: number; reason: string }[] = [];
  url = '';
  private server: Server | undefined;
  private readonly subs = new Map<string, SubscriptionState>();
  private readonly hanging = new Set<ServerResponse>();

  /** `vapidPublicKey`: when set, requests signed with another key are refused with 403. */
  constructor(private readonly options: { vapidPublicKey?: string } = {}) {}

  async start(): Promise<{ url: string }> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: this.url };
  }

  /** A new subscription, as a browser would hand it to the app. */
  subscribe(): FakePushSubscription {
    const id = randomUUID();
    const ecdh = createECDH('prime256v1');
    const publicKey = ecdh.generateKeys();
    const auth = randomBytes(16);
    this.subs.set(id, { ecdh, publicKey, auth, gone: false, script: [] });
    return {
      endpoint: `${this.url}/push/${id}`,
      expirationTime: null,
      keys: { p256dh: publicKey.toString('base64url'), auth: auth.toString('base64url') },
    };
  }

  /** The browser unsubscribed: further pushes get 410 Gone. */
  expire(sub: FakePushSubscription): void {
    this.state(sub).gone = true;
  }

  /** Next answers for this subscription, in order, before normal behaviour resumes. */
  script(sub: FakePushSubscription, ...answers: PushServiceScript[]): void {
    this.state(sub).script.push(...answers);
  }

  reset(): void {
    this.received.length = 0;
    this.rejected.length = 0;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private state(sub: FakePushSubscription): SubscriptionState {
    const s = this.subs.get(sub.endpoint.split('/').pop() ?? '');
    if (!s) throw new Error(`unknown subscription ${sub.endpoint}`);
    return s;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const reject = (status: number, reason: string): void => {
      this.rejected.push({ status, reason });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(reason);
    };

    const match = /^\/push\/([\w-]+)$/.exec(req.url ?? '');
    const id = match?.[1] ?? '';
    const sub = this.subs.get(id);
    if (req.method !== 'POST' || !sub) return reject(404, 'no such subscription');
    if (sub.gone) return reject(410, 'push subscription has unsubscribed or expired');

    const ttlHeader = req.headers.ttl;
    if (ttlHeader === undefined || !/^\d+$/.test(String(ttlHeader))) return reject(400, 'TTL header required');

    let vapid: PushServiceReceived['vapid'];
    try {
      vapid = await this.verifyVapid(req.headers.authorization);
    } catch (err) {
      return reject(403, `VAPID: ${(err as Error).message}`);
    }
    if (req.headers['content-encoding'] !== 'aes128gcm') return reject(415, 'only aes128gcm is supported');
    if (body.length > 4096) return reject(413, 'payload too large');

    let payload: string;
    try {
      payload = decryptAes128gcm(body, sub.ecdh, sub.publicKey, sub.auth).toString('utf8');
    } catch (err) {
      return reject(400, `cannot decrypt: ${(err as Error).message}`);
    }

    const answer = sub.script.shift() ?? { status: 201 };
    const record: PushServiceReceived = {
      subscriptionId: id,
      endpoint: `${this.url}${req.url ?? ''}`,
      payload,
      ttl: Number(ttlHeader),
      urgency: header(req, 'urgency'),
      topic: header(req, 'topic'),
      vapid,
      status: answer === 'hang' ? 0 : answer.status,
      at: Date.now(),
    };
    this.received.push(record);
    if (answer === 'hang') {
      this.hanging.add(res);
      res.on('close', () => this.hanging.delete(res));
      return;
    }
    const headers = { location: `${this.url}/message/${randomUUID()}`, ...answer.headers };
    res.writeHead(answer.status, headers).end(answer.body ?? '');
  }

  private async verifyVapid(authorization: string | undefined): Promise<PushServiceReceived['vapid']> {
    const m = /^vapid\s+t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/i.exec(authorization ?? '');
    if (!m) throw new Error('expected "vapid t=<jwt>, k=<key>"');
    const [, token = '', k = ''] = m;
    if (this.options.vapidPublicKey && k !== this.options.vapidPublicKey) throw new Error('unexpected key');
    const point = Buffer.from(k, 'base64url');
    if (point.length !== 65 || point[0] !== 4) throw new Error('k is not a P-256 point');
    const key = await importJWK(
      {
        kty: 'EC',
        crv: 'P-256',
        x: point.subarray(1, 33).toString('base64url'),
        y: point.subarray(33).toString('base64url'),
      },
      'ES256',
    );
    const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'], audience: this.url });
    const now = Math.floor(Date.now() / 1000);
    if (typeof payload.exp !== 'number' || payload.exp > now + 24 * 3600) throw new Error('exp must be within 24 h');
    if (typeof payload.sub !== 'string' || !/^(mailto:|https:)/.test(payload.sub)) {
      throw new Error('sub must be a mailto: or https: URL');
    }
    return { sub: payload.sub, aud: this.url, exp: payload.exp, publicKey: k };
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * RFC 8291 §3.4 key derivation feeding RFC 8188 aes128gcm records. Written independently of the
 * `web-push` library on purpose: a bug in its encryption should fail here, not cancel out.
 */
export function decryptAes128gcm(body: Buffer, ua: ECDH, uaPublic: Buffer, authSecret: Buffer): Buffer {
  if (body.length < 21) throw new Error('body shorter than the aes128gcm header');
  const salt = body.subarray(0, 16);
  const rs = body.readUInt32BE(16);
  const idlen = body[20] ?? 0;
  const asPublic = body.subarray(21, 21 + idlen);
  if (idlen !== 65 || rs < 18) throw new Error('bad header (keyid must be the 65-byte sender key)');

  const ecdhSecret = ua.computeSecret(asPublic);
  const keyInfo = Buffer.concat([Buffer.from('WebPush: info\0'), uaPublic, asPublic]);
  const ikm = Buffer.from(hkdfSync('sha256', ecdhSecret, authSecret, keyInfo, 32));
  const cek = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: aes128gcm\0'), 16));
  const baseNonce = Buffer.from(hkdfSync('sha256', ikm, salt, Buffer.from('Content-Encoding: nonce\0'), 12));

  const out: Buffer[] = [];
  let offset = 21 + idlen;
  for (let seq = 0; offset < body.length; seq++) {
    const record = body.subarray(offset, offset + rs);
    offset += rs;
    const last = offset >= body.length;
    const nonce = Buffer.from(baseNonce);
    // seq < 2^32, so XOR-ing the low 32 bits is the whole of RFC 8188's 96-bit XOR.
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ seq) >>> 0, 8);
    const decipher = createDecipheriv('aes-128-gcm', cek, nonce);
    decipher.setAuthTag(record.subarray(record.length - 16));
    const plain = Buffer.concat([decipher.update(record.subarray(0, record.length - 16)), decipher.final()]);
    let end = plain.length - 1;
    while (end >= 0 && plain[end] === 0) end--;
    if (plain[end] !== (last ? 2 : 1)) throw new Error('bad padding delimiter');
    out.push(plain.subarray(0, end));
  }
  return Buffer.concat(out);
}
