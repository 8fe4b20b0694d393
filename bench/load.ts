/**
 * Load drivers: the closed loop (N messages in flight end to end: a slot frees only when its
 * webhook reaches the sink), the open loop (a fixed send schedule, latency measured from the
 * scheduled time so a stalled server cannot hide its queueing: no coordinated omission), and the
 * raw undici baseline. Each message's id travels as its text and comes back in the webhook body.
 */
import { Pool } from 'undici';
import { Meter, type Usage } from './proc-stats.js';
import type { Sink } from './sink.js';

let nextId = 0;
/** Ids unique across the whole run, so a late delivery from one phase never counts in another. */
export const newId = (): string => `m${nextId++}`;

/** Waits for webhooks by id; fails every waiter when nothing has arrived for `stallMs`. */
export class Deliveries {
  arrived = 0;
  /** Arrivals for an id nobody waits for (a second delivery of one message, at-least-once). */
  unexpected = 0;
  /** Called on each awaited arrival, synchronously, with its arrival rank. */
  onArrive: (rank: number, at: number) => void = () => {};
  private readonly waiting = new Map<string, { resolve: (at: number) => void; reject: (e: Error) => void }>();
  private lastProgress = performance.now();
  private aborted: Error | undefined;
  private readonly watchdog: NodeJS.Timeout;

  constructor(
    sink: Sink,
    private readonly stallMs: number,
  ) {
    sink.onArrival = (id, at) => this.arrive(id, at);
    this.watchdog = setInterval(() => this.check(), 500);
  }

  get outstanding(): number {
    return this.waiting.size;
  }

  expect(id: string): Promise<number> {
    if (this.aborted) return Promise.reject(this.aborted);
    if (this.waiting.size === 0) this.lastProgress = performance.now();
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Fails every waiter now and every later expect() (e.g. a process of the system died). */
  abort(err: Error): void {
    this.aborted ??= err;
    for (const w of this.waiting.values()) w.reject(err);
    this.waiting.clear();
  }

  private arrive(id: string, at: number): void {
    const w = this.waiting.get(id);
    if (!w) {
      this.unexpected++;
      return;
    }
    this.waiting.delete(id);
    this.lastProgress = at;
    this.arrived++;
    this.onArrive(this.arrived, at);
    w.resolve(at);
  }

  private check(): void {
    if (this.waiting.size === 0 || performance.now() - this.lastProgress < this.stallMs) return;
    const err = new Error(`${this.waiting.size} deliveries missing: nothing reached the sink for ${this.stallMs / 1000} s (${this.arrived} arrived).`);
    this.abort(err);
  }

  close(): void {
    clearInterval(this.watchdog);
  }
}

export interface WindowResult {
  /** Deliveries per second inside the measured window. */
  rate: number;
  count: number;
  /** End-to-end latencies (ms) of the messages that arrived inside the window, sorted. */
  latencies: Float64Array;
  usage: Usage;
}

/**
 * Closed loop: warmup + measure + concurrency messages, `concurrency` of them in flight end to end.
 * The window runs from the warmup-th arrival to the (warmup+measure)-th, while the loop is still full.
 */
export async function closedLoop(o: {
  deliveries: Deliveries;
  meter: Meter;
  warmup: number;
  measure: number;
  concurrency: number;
  send: (id: string) => Promise<void>;
}): Promise<WindowResult> {
  const total = o.warmup + o.measure + o.concurrency;
  const end = o.warmup + o.measure;
  let first: Promise<Awaited<ReturnType<Meter['snap']>>> | undefined;
  let last: typeof first;
  let t0 = 0;
  let t1 = 0;
  o.deliveries.onArrive = (rank, at) => {
    if (rank === o.warmup) {
      t0 = at;
      first = o.meter.snap();
    } else if (rank === end) {
      t1 = at;
      last = o.meter.snap();
    }
  };
  const base = o.deliveries.arrived;
  if (base !== 0) throw new Error('closedLoop needs a fresh Deliveries tracker.');
  const latencies: number[] = [];
  let sent = 0;
  await Promise.all(
    Array.from({ length: o.concurrency }, async () => {
      while (sent < total) {
        sent++;
        const id = newId();
        const start = performance.now();
        const arrival = o.deliveries.expect(id);
        arrival.catch(() => {}); // if the send fails, that error is the one reported
        await o.send(id);
        const at = await arrival;
        if (at > t0 && t0 > 0 && (t1 === 0 || at <= t1)) latencies.push(at - start);
      }
    }),
  );
  o.deliveries.onArrive = () => {};
  const usage = Meter.diff(await first!, await last!);
  return { rate: (o.measure / (t1 - t0)) * 1000, count: o.measure, latencies: sorted(latencies), usage };
}

/** Open loop: `rate` messages per second on a fixed schedule for `seconds`. */
export async function openLoop(o: {
  deliveries: Deliveries;
  meter: Meter;
  rate: number;
  seconds: number;
  send: (id: string) => Promise<void>;
}): Promise<WindowResult & { generatorLagP99Ms: number }> {
  const total = Math.max(1, Math.round(o.rate * o.seconds));
  const latencies: number[] = [];
  const lags: number[] = [];
  const pending: Promise<void>[] = [];
  const before = await o.meter.snap();
  const start = performance.now() + 5;
  let i = 0;
  let failure: Error | undefined;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (i < total && start + (i * 1000) / o.rate <= now) {
        const scheduled = start + (i * 1000) / o.rate;
        lags.push(now - scheduled);
        const id = newId();
        const arrival = o.deliveries.expect(id);
        arrival.catch(() => {}); // awaited below unless the send failed
        pending.push(
          o.send(id).then(
            () => arrival.then((at) => void latencies.push(at - scheduled)),
            (err: Error) => void (failure ??= err),
          ),
        );
        i++;
      }
      if (o.deliveries.outstanding > 20_000) failure ??= new Error('Herald fell more than 20,000 messages behind at half load.');
      if (i >= total || failure) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  if (failure) throw failure;
  await Promise.all(pending);
  // The ticks may have set it while we awaited; TypeScript's narrowing cannot see that.
  if (failure) throw failure as Error;
  const after = await o.meter.snap();
  const l = sorted(lags);
  return {
    rate: o.rate,
    count: total,
    latencies: sorted(latencies),
    usage: Meter.diff(before, after),
    generatorLagP99Ms: percentile(l, 99),
  };
}

/**
 * Raw undici: POST the same kind of body to the same sink ports with `concurrency` in flight,
 * one undici Pool per port with `request({path})`. Warmed until both minimums are met, then measured.
 */
export async function rawBaseline(o: {
  sink: Sink;
  concurrency: number;
  warmupMs: number;
  warmupRequests: number;
  requests: number;
  minMs: number;
}): Promise<WindowResult> {
  const per = Math.ceil(o.concurrency / o.sink.origins.length);
  const pools = o.sink.origins.map((origin) => new Pool(origin, { connections: per, keepAliveTimeout: 120_000 }));
  const body = JSON.stringify({ id: 'evt_raw', event: 'message.user', sessionId: 'ses_raw', text: 'raw baseline' });
  const headers = { 'content-type': 'application/json' };
  const meter = new Meter([]);
  const started = performance.now();
  let phase: 'warmup' | 'measure' | 'done' = 'warmup';
  let done = 0;
  let measured = 0;
  let t0 = 0;
  let first: Promise<Awaited<ReturnType<Meter['snap']>>> | undefined;
  let last: typeof first;
  const latencies: number[] = [];
  try {
    await Promise.all(
      Array.from({ length: o.concurrency }, async (_, k) => {
        const pool = pools[k % pools.length]!;
        while (phase !== 'done') {
          const start = performance.now();
          const res = await pool.request({ path: '/raw', method: 'POST', headers, body });
          await res.body.dump();
          if (res.statusCode !== 200) throw new Error(`The sink answered ${res.statusCode} to a raw POST.`);
          const now = performance.now();
          done++;
          if (phase === 'warmup') {
            if (done >= o.warmupRequests && now - started >= o.warmupMs) {
              phase = 'measure';
              t0 = now;
              first = meter.snap();
            }
          } else if (phase === 'measure') {
            measured++;
            latencies.push(now - start);
            if (measured >= o.requests && now - t0 >= o.minMs) {
              phase = 'done';
              last = meter.snap();
            }
          }
        }
      }),
    );
  } finally {
    await Promise.all(pools.map((p) => p.close()));
  }
  const a = await first!;
  const b = await last!;
  return { rate: (measured / (b.at - a.at)) * 1000, count: measured, latencies: sorted(latencies), usage: Meter.diff(a, b) };
}

function sorted(values: number[]): Float64Array {
  return Float64Array.from(values).sort();
}

export function percentile(sortedValues: Float64Array, p: number): number {
  if (sortedValues.length === 0) return Number.NaN;
  return sortedValues[Math.min(sortedValues.length - 1, Math.floor((p / 100) * sortedValues.length))]!;
}
