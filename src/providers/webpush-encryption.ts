import * as nodeCrypto from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** RFC 8188 record size; one record carries any payload a push service accepts (≤ 4096 bytes). */
const RECORD_SIZE = 4096;
/** Header (salt 16, rs 4, idlen 1, keyid 65), then the plaintext, its delimiter and the GCM tag. */
const OVERHEAD = 86 + 1 + 16;
/** Largest plaintext that fits in one record; larger ones go through `web-push` (the caller's fallback). */
export const MAX_SINGLE_RECORD = RECORD_SIZE - 17;

/**
 * RFC 8291 aes128gcm for one subscription: a new ECDH key pair and salt per push message (the
 * RFC's rule), the shared secret mixed with the subscription's auth secret, then one RFC 8188
 * record. The same scheme `web-push` runs through `http_ece`, but on node:crypto's native HKDF:
 * about a quarter less CPU per device. Self-contained (it is also run in worker threads from its
 * source text), hence `crypto` as a parameter. Throws on keys that cannot be used.
 */
function encryptAes128gcm(crypto: typeof nodeCrypto, plaintext: Uint8Array, p256dh: Uint8Array, auth: Uint8Array): Buffer {
  if (p256dh.length !== 65) throw new Error('The subscription p256dh value should be 65 bytes long.');
  if (auth.length < 16) throw new Error('The subscription auth key should be at least 16 bytes long');
  const local = crypto.createECDH('prime256v1');
  const localPublic = local.generateKeys();
  const secret = local.computeSecret(p256dh);
  const salt = crypto.randomBytes(16);
  const info = (s: string) => Buffer.from(`Content-Encoding: ${s}\0`);
  const ikm = Buffer.from(crypto.hkdfSync('sha256', secret, auth, Buffer.concat([Buffer.from('WebPush: info\0'), p256dh, localPublic]), 32));
  const key = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, info('aes128gcm'), 16));
  const nonce = Buffer.from(crypto.hkdfSync('sha256', ikm, salt, info('nonce'), 12));
  const cipher = crypto.createCipheriv('aes-128-gcm', key, nonce);
  const header = Buffer.alloc(21);
  salt.copy(header);
  header.writeUInt32BE(4096, 16);
  header[20] = 65;
  // The last (only) record ends with the delimiter 0x02 and no padding.
  return Buffer.concat([header, localPublic, cipher.update(plaintext), cipher.update(Buffer.from([2])), cipher.final(), cipher.getAuthTag()]);
}

/** The subscription's keys cannot be used: the same keys will fail every time. */
export class KeyError extends Error {}

/** Jobs a worker may have waiting (a destination's default cap of sends) before the event loop encrypts the rest itself. */
const WORKER_BACKLOG = 16;

type Job = { plaintext: Uint8Array; p256dh: Uint8Array; auth: Uint8Array };
type Pending = { resolve: (b: Buffer) => void; reject: (e: Error) => void };

const WORKER_SOURCE = `
const crypto = require('node:crypto');
// Transpilers may wrap functions in a naming helper; the worker has none of their runtime.
const __name = (f) => f;
const { parentPort } = require('node:worker_threads');
const encrypt = ${encryptAes128gcm.toString()};
parentPort.on('message', ({ id, buf, lens }) => {
  const all = new Uint8Array(buf);
  const bodies = [];
  const errors = [];
  for (let i = 0, o = 0; i < lens.length; i += 3) {
    const plaintext = all.subarray(o, (o += lens[i]));
    const p256dh = all.subarray(o, (o += lens[i + 1]));
    const auth = all.subarray(o, (o += lens[i + 2]));
    try { bodies.push(encrypt(crypto, plaintext, p256dh, auth)); errors.push(null); } catch (err) { bodies.push(null); errors.push(String(err && err.message)); }
  }
  const out = new Uint8Array(bodies.reduce((n, b) => n + (b ? b.length : 0), 0));
  const sizes = [];
  let q = 0;
  for (const b of bodies) { if (b) { out.set(b, q); q += b.length; } sizes.push(b ? b.length : -1); }
  parentPort.postMessage({ id, buf: out.buffer, sizes, errors }, [out.buffer]);
});
`;

/**
 * Encrypts push messages in worker threads: ECDH is most of a Web Push send's CPU, and on the
 * event loop a 10,000-device fan-out spent seconds on it, stalling ingest and every other
 * delivery. Jobs arriving in the same tick travel to a worker in one message. With no spare core
 * (`threads` 0) it encrypts inline.
 */
export class PushEncryption {
  private readonly workers: Array<{ worker: Worker; pending: Map<number, Pending[]>; load: number }> = [];
  private queue: Array<{ job: Job; p: Pending }> = [];
  private scheduled = false;
  private nextId = 0;
  private turn = 0;

  /** Workers not started yet: they start with the first push, so a process that sends none has none. */
  private toStart: number;

  constructor(threads = Math.min(2, availableParallelism() - 1)) {
    this.toStart = Math.max(0, threads);
  }

  private startWorkers(): void {
    const threads = this.toStart;
    this.toStart = 0;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(WORKER_SOURCE, { eval: true });
      worker.unref();
      const entry = { worker, pending: new Map<number, Pending[]>(), load: 0 };
      worker.on('message', ({ id, buf, sizes, errors }: { id: number; buf: ArrayBuffer; sizes: number[]; errors: Array<string | null> }) => {
        const ps = entry.pending.get(id) ?? [];
        entry.pending.delete(id);
        entry.load -= ps.length;
        let o = 0;
        sizes.forEach((n, k) => {
          if (n < 0) return ps[k]!.reject(new KeyError(errors[k] ?? 'encryption failed'));
          ps[k]!.resolve(Buffer.from(buf, o, n));
          o += n;
        });
      });
      // A worker that dies takes its jobs with it: they fail (the sends retry), later ones run inline.
      worker.on('error', (err) => this.retire(entry, err));
      worker.on('exit', () => this.retire(entry, new Error('the encryption worker exited')));
      this.workers.push(entry);
    }
  }

  encrypt(plaintext: Uint8Array, p256dh: Uint8Array, auth: Uint8Array): Promise<Buffer> {
    if (this.toStart > 0) this.startWorkers();
    if (this.workers.length === 0) {
      try {
        return Promise.resolve(encryptAes128gcm(nodeCrypto, plaintext, p256dh, auth));
      } catch (err) {
        return Promise.reject(new KeyError((err as Error).message));
      }
    }
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { plaintext, p256dh, auth }, p: { resolve, reject } });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  async close(): Promise<void> {
    this.toStart = 0;
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private flush(): void {
    this.scheduled = false;
    let batch = this.queue;
    this.queue = [];
    // What the workers cannot take now is encrypted here: a worker with no core to run on (a busy
    // machine) would hold every send waiting for it while the event loop sits idle.
    const room = this.workers.reduce((n, w) => n + Math.max(0, WORKER_BACKLOG - w.load), 0);
    for (const { job, p } of batch.slice(room)) {
      try {
        p.resolve(encryptAes128gcm(nodeCrypto, job.plaintext, job.p256dh, job.auth));
      } catch (err) {
        p.reject(new KeyError((err as Error).message));
      }
    }
    batch = batch.slice(0, room);
    if (batch.length === 0) return;
    // Split across the workers, least loaded first, each up to its backlog (their sum is `room`).
    const byLoad = [...this.workers].sort((a, b) => a.load - b.load || this.turn++ % 2);
    for (let i = 0, w = 0; i < batch.length && w < byLoad.length; w++) {
      const entry = byLoad[w]!;
      const part = batch.slice(i, (i += Math.max(0, WORKER_BACKLOG - entry.load)));
      if (part.length === 0) continue;
      const id = this.nextId++;
      entry.pending.set(
        id,
        part.map((x) => x.p),
      );
      entry.load += part.length;
      const { buf, lens } = pack(part.map((x) => x.job));
      entry.worker.postMessage({ id, buf, lens }, [buf]);
    }
  }

  private retire(entry: (typeof this.workers)[number], err: Error): void {
    const i = this.workers.indexOf(entry);
    if (i >= 0) this.workers.splice(i, 1);
    for (const ps of entry.pending.values()) for (const p of ps) p.reject(err);
    entry.pending.clear();
  }
}

/**
 * A batch's inputs in one fresh buffer, moved (not copied) to the worker. Cloning the jobs' own
 * views instead copied each view's whole backing store: a small Buffer is a slice of Node's 8 KiB
 * pool, so every device cost three 8 KiB copies, and postMessage was the fan-out's costliest call.
 */
function pack(jobs: Job[]): { buf: ArrayBuffer; lens: number[] } {
  const lens: number[] = [];
  let size = 0;
  for (const j of jobs) {
    lens.push(j.plaintext.length, j.p256dh.length, j.auth.length);
    size += j.plaintext.length + j.p256dh.length + j.auth.length;
  }
  const out = new Uint8Array(size);
  let o = 0;
  for (const j of jobs) for (const part of [j.plaintext, j.p256dh, j.auth]) out.set(part, (o += part.length) - part.length);
  return { buf: out.buffer, lens };
}

/** Bytes of the encrypted body for a plaintext of `n` bytes (one record). */
export const encryptedLength = (n: number) => n + OVERHEAD;
