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

/** Jobs a worker may have waiting before the event loop encrypts a send's body itself (encrypt()). */
const WORKER_BACKLOG = 16;

type Job = { plaintext: Uint8Array; p256dh: Uint8Array; auth: Uint8Array };

/** Atomics.waitAsync (Node 16+; typed from ES2024 on): resolves when `i` is notified while it holds `value`. */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, value: number): { async: boolean; value: Promise<string> | string } }).waitAsync;

/** A job's state, shared with the worker (one Int32 per job of a batch). */
const PENDING = 0;
const WORKING = 1;
const DONE = 2;
const FAILED = 3;
/** The event loop encrypted it itself: the worker skips it. */
const TAKEN = 4;

type Entry = {
  worker: Worker;
  /** Jobs the worker has finished or skipped, counted by the worker (shared Int32). */
  finished: Int32Array;
  posted: number;
  /** Batches not finished yet, with the `posted` count at their end (to reset them if the worker dies). */
  batches: Array<{ batch: Batch; end: number }>;
  dead: boolean;
};

type Batch = { state: Int32Array; out: Uint8Array; offsets: number[]; sizes: number[]; entry: Entry };

/** One job given to the pool: its body is taken with `take()`. */
export interface Ticket {
  job: Job;
  batch?: Batch;
  i: number;
  /** Taken by the event loop before its batch was posted. */
  taken?: boolean;
  /** encrypt(): waits for the worker (unless it dies) rather than taking the job. */
  wait?: { resolve: (b: Buffer) => void; reject: (e: Error) => void };
}

const WORKER_SOURCE = `
const crypto = require('node:crypto');
// Transpilers may wrap functions in a naming helper; the worker has none of their runtime.
const __name = (f) => f;
const { parentPort, workerData } = require('node:worker_threads');
const finished = new Int32Array(workerData.finished);
const encrypt = ${encryptAes128gcm.toString()};
parentPort.on('message', ({ buf, lens, state, out, offsets }) => {
  const all = new Uint8Array(buf);
  const st = new Int32Array(state);
  const bodies = new Uint8Array(out);
  for (let i = 0, o = 0; i < offsets.length; i++) {
    const plaintext = all.subarray(o, (o += lens[3 * i]));
    const p256dh = all.subarray(o, (o += lens[3 * i + 1]));
    const auth = all.subarray(o, (o += lens[3 * i + 2]));
    // The event loop may have taken this job already (it needed the body before we got to it).
    if (Atomics.compareExchange(st, i, ${PENDING}, ${WORKING}) === ${PENDING}) {
      try {
        bodies.set(encrypt(crypto, plaintext, p256dh, auth), offsets[i]);
        Atomics.store(st, i, ${DONE});
      } catch {
        Atomics.store(st, i, ${FAILED});
      }
      Atomics.notify(st, i);
    }
    Atomics.add(finished, 0, 1);
  }
});
`;

/**
 * Encrypts push messages in worker threads: ECDH is most of a Web Push send's CPU, and on the
 * event loop a 10,000-device fan-out spent seconds on it, stalling ingest and every other
 * delivery. Single jobs (encrypt()) arriving in the same tick travel to a worker in one message,
 * a read-ahead's (ahead()) at once; the bodies come back through memory shared with it (one state
 * word per job, no message back), so a fan-out encrypted ahead (the next devices' bodies) costs
 * the event loop one message per batch. When a send needs a body the worker has not started (a
 * busy machine, where the worker waits for a core), the event loop encrypts it itself and the
 * worker skips it: a send waits at most for the one job being encrypted. With no spare core
 * (`threads` 0) it encrypts inline.
 */
export class PushEncryption {
  private readonly workers: Entry[] = [];
  private queue: Ticket[] = [];
  private scheduled = false;

  /** Workers not started yet: they start with the first push, so a process that sends none has none. */
  private toStart: number;

  constructor(threads = Math.min(2, availableParallelism() - 1)) {
    this.toStart = Math.max(0, threads);
  }

  private startWorkers(): void {
    const threads = this.toStart;
    this.toStart = 0;
    for (let i = 0; i < threads; i++) {
      const finished = new SharedArrayBuffer(4);
      const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { finished } });
      worker.unref();
      const entry: Entry = { worker, finished: new Int32Array(finished), posted: 0, batches: [], dead: false };
      // A worker that dies leaves its jobs to the event loop (sends wait on it: they are woken).
      worker.on('error', () => this.retire(entry));
      worker.on('exit', () => this.retire(entry));
      this.workers.push(entry);
    }
  }

  /** Jobs the worker has been given and not finished. */
  private backlog(entry: Entry): number {
    return entry.posted - Atomics.load(entry.finished, 0);
  }

  /** One body now: the worker's, unless it has a backlog, then the event loop's. */
  encrypt(plaintext: Uint8Array, p256dh: Uint8Array, auth: Uint8Array): Promise<Buffer> {
    if (this.toStart > 0) this.startWorkers();
    const job = { plaintext, p256dh, auth };
    if (this.workers.every((w) => this.backlog(w) >= WORKER_BACKLOG)) return this.inline(job);
    return new Promise((resolve, reject) => this.enqueue({ job, i: 0, wait: { resolve, reject } }));
  }

  /**
   * Bodies to be taken later (a fan-out's next devices): the worker encrypts them meanwhile. A
   * ticket not taken costs its encryption only. They go to the worker at once, not at the next
   * turn of the loop like encrypt()'s: a send often takes its ticket in the same turn, a few
   * milliseconds of other work later, and found it never posted, so the event loop encrypted it
   * itself (1,000-1,800 of a 10,500-device fan-out's bodies).
   */
  ahead(jobs: Job[]): Ticket[] {
    if (this.toStart > 0) this.startWorkers();
    const tickets = jobs.map((job) => ({ job, i: 0 }));
    if (this.workers.length) {
      this.queue.push(...tickets);
      this.flush();
    }
    return tickets;
  }

  /** The body of a ticket from `ahead()`: the worker's if it is done or under way, else encrypted now. */
  async take(t: Ticket): Promise<Buffer> {
    for (;;) {
      const b = t.batch;
      if (!b) {
        t.taken = true; // not posted yet (or no worker): the flush leaves it out
        return this.inline(t.job);
      }
      const s = Atomics.load(b.state, t.i);
      if (s === DONE) return Buffer.from(b.out.subarray(b.offsets[t.i], b.offsets[t.i]! + b.sizes[t.i]!));
      if (s === FAILED || s === TAKEN) return this.inline(t.job); // its error, with its message
      if (s === PENDING && Atomics.compareExchange(b.state, t.i, PENDING, TAKEN) === PENDING) return this.inline(t.job);
      await this.changed(b, t.i, s);
    }
  }

  async close(): Promise<void> {
    this.toStart = 0;
    const all = this.workers.splice(0);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }

  private inline(job: Job): Promise<Buffer> {
    try {
      return Promise.resolve(encryptAes128gcm(nodeCrypto, job.plaintext, job.p256dh, job.auth));
    } catch (err) {
      return Promise.reject(new KeyError((err as Error).message));
    }
  }

  /** Until the job's state is no longer `s` (the worker notifies when it finishes a job). */
  private async changed(b: Batch, i: number, s: number): Promise<void> {
    const w = waitAsync(b.state, i, s);
    if (w.async) await w.value;
  }

  /** Waits for the worker's body (encrypt()); a dead worker's job is encrypted here. */
  private async waitFor(t: Ticket): Promise<Buffer> {
    for (;;) {
      const b = t.batch!;
      const s = Atomics.load(b.state, t.i);
      if (s === DONE) return Buffer.from(b.out.subarray(b.offsets[t.i], b.offsets[t.i]! + b.sizes[t.i]!));
      if (s === FAILED) return this.inline(t.job);
      if (s === PENDING && b.entry.dead && Atomics.compareExchange(b.state, t.i, PENDING, TAKEN) === PENDING) return this.inline(t.job);
      await this.changed(b, t.i, s);
    }
  }

  private enqueue(t: Ticket): void {
    this.queue.push(t);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const batch = this.queue.filter((t) => !t.taken);
    this.queue = [];
    const live = this.workers.filter((w) => !w.dead);
    for (const w of live) this.prune(w);
    if (live.length === 0) {
      for (const t of batch) if (t.wait) this.inline(t.job).then(t.wait.resolve, t.wait.reject);
      return;
    }
    // Split across the workers, least loaded first.
    const byLoad = live.sort((a, b) => this.backlog(a) - this.backlog(b));
    const per = Math.ceil(batch.length / byLoad.length);
    for (let i = 0, w = 0; i < batch.length; w++) this.post(byLoad[w]!, batch.slice(i, (i += per)));
  }

  private post(entry: Entry, tickets: Ticket[]): void {
    const lens: number[] = [];
    const offsets: number[] = [];
    const sizes: number[] = [];
    let size = 0;
    let outSize = 0;
    for (const { job } of tickets) {
      lens.push(job.plaintext.length, job.p256dh.length, job.auth.length);
      size += job.plaintext.length + job.p256dh.length + job.auth.length;
      offsets.push(outSize);
      sizes.push(encryptedLength(job.plaintext.length));
      outSize += encryptedLength(job.plaintext.length);
    }
    // The inputs in one fresh buffer, moved (not copied) to the worker: cloning each job's own
    // views copied their whole backing store (a small Buffer is a slice of Node's 8 KiB pool).
    const buf = new Uint8Array(size);
    let o = 0;
    for (const { job } of tickets) for (const part of [job.plaintext, job.p256dh, job.auth]) buf.set(part, (o += part.length) - part.length);
    const state = new SharedArrayBuffer(4 * tickets.length);
    const out = new SharedArrayBuffer(outSize);
    const batch: Batch = { state: new Int32Array(state), out: new Uint8Array(out), offsets, sizes, entry };
    tickets.forEach((t, i) => {
      t.batch = batch;
      t.i = i;
      if (t.wait) this.waitFor(t).then(t.wait.resolve, t.wait.reject);
    });
    entry.posted += tickets.length;
    entry.batches.push({ batch, end: entry.posted });
    entry.worker.postMessage({ buf: buf.buffer, lens, state, out, offsets }, [buf.buffer]);
  }

  /** Forgets the batches a worker has finished. */
  private prune(entry: Entry): void {
    const done = Atomics.load(entry.finished, 0);
    let k = 0;
    while (k < entry.batches.length && entry.batches[k]!.end <= done) k++;
    if (k) entry.batches.splice(0, k);
  }

  /** A worker gone: what it had not finished goes back to pending, and whoever waits is woken to take it. */
  private retire(entry: Entry): void {
    if (entry.dead) return;
    entry.dead = true;
    const i = this.workers.indexOf(entry);
    if (i >= 0) this.workers.splice(i, 1);
    for (const { batch } of entry.batches.splice(0)) {
      for (let j = 0; j < batch.offsets.length; j++) {
        if (Atomics.compareExchange(batch.state, j, WORKING, PENDING) === WORKING || Atomics.load(batch.state, j) === PENDING) Atomics.notify(batch.state, j);
      }
    }
  }
}

/** Bytes of the encrypted body for a plaintext of `n` bytes (one record). */
export const encryptedLength = (n: number) => n + OVERHEAD;
