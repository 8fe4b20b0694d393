/**
 * One system under test (Herald in some mode, or the naive baseline), measured the same way:
 * closed loop at saturation, open loop at half that rate, optionally a profiled closed loop, then
 * peak RSS. The system runs in its own processes; this process is only load generator and sink.
 */
import path from 'node:path';
import type { Redis } from 'ioredis';
import type { Child } from './children.js';
import { Deliveries, closedLoop, openLoop, percentile, type WindowResult } from './load.js';
import type { BenchOptions } from './options.js';
import { InspectorProfiler, type ProfileSummary, summarize, writeProfile } from './profile.js';
import { Meter, statusMb, type Usage } from './proc-stats.js';
import type { Sink } from './sink.js';
import { type Stages, stagesText } from './stages.js';

export interface SystemUnderTest {
  processes: Child[];
  /** Sends one message whose webhook will carry `id` as its text; throws unless accepted. */
  send(id: string): Promise<void>;
  pgPostmasterPid?: number;
  redis?: Redis;
  /** Inspector WebSocket URLs by process name, when started with --inspect. */
  inspectors?: Map<string, string>;
  /** Where the time of the deliveries of messages sent in [fromMs, toMs) went (stages.ts), for Herald. */
  stages?(fromMs: number, toMs: number): Promise<Stages | undefined>;
}

export interface CpuPerDelivery {
  /** CPU µs per delivery of the system's own processes (all of them). */
  system: number;
  /** Cores the system's processes kept busy in the window (CPU s / wall s), per process. */
  systemCores: number;
  systemCoresEach: Array<{ name: string; cores: number }>;
  postgres?: number;
  redis?: number;
  /** This process: load generator + sink. */
  loadGenerator: number;
  /** Cores used meanwhile by everything else on the machine (other tenants): noise. */
  othersCores: number;
}

export interface WindowStats {
  deliveriesPerS: number;
  deliveries: number;
  seconds: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  cpuUs: CpuPerDelivery;
}

export interface SystemResult {
  saturation: WindowStats;
  half: WindowStats & { offeredPerS: number; generatorLagP99Ms: number; stages?: Stages };
  rssPeakMb: number;
  rssPeakEachMb: Array<{ name: string; mb: number }>;
  duplicates: number;
  profiles?: Record<string, ProfileSummary & { file: string }>;
}

export function windowStats(w: WindowResult, names: string[]): WindowStats {
  const u: Usage = w.usage;
  const per = (s: number | undefined) => (s === undefined ? undefined : round((s * 1e6) / w.count, 1));
  return {
    deliveriesPerS: round(w.rate, 0),
    deliveries: w.count,
    seconds: round(u.seconds, 2),
    p50Ms: round(percentile(w.latencies, 50), 2),
    p99Ms: round(percentile(w.latencies, 99), 2),
    maxMs: round(w.latencies[w.latencies.length - 1] ?? Number.NaN, 2),
    cpuUs: {
      system: per(u.herald)!,
      systemCores: round(u.herald / u.seconds, 2),
      systemCoresEach: u.heraldEach.map((s, i) => ({ name: names[i]!, cores: round(s / u.seconds, 2) })),
      ...(u.pg !== undefined && { postgres: per(u.pg) }),
      ...(u.redis !== undefined && { redis: per(u.redis) }),
      loadGenerator: per(u.load)!,
      othersCores: round(u.others / u.seconds, 2),
    },
  };
}

export async function measureSystem(label: string, sut: SystemUnderTest, sink: Sink, opts: BenchOptions, log: (line: string) => void): Promise<SystemResult> {
  const names = sut.processes.map((c) => c.name);
  const meter = new Meter(
    sut.processes.map((c) => c.pid),
    sut.pgPostmasterPid,
    sut.redis,
  );
  // A process that dies mid-run fails the run at once, not after the stall timeout.
  let died: Error | undefined;
  let current: Deliveries | undefined;
  for (const c of sut.processes) {
    void c.exited.then((how) => {
      died ??= new Error(`${c.name} (pid ${c.pid}) exited with ${how} during the run:\n${c.tail()}`);
      current?.abort(died);
    });
  }
  const tracker = () => {
    current = new Deliveries(sink, opts.stallMs);
    if (died) current.abort(died);
    return current;
  };
  let duplicates = 0;
  const finish = (d: Deliveries) => {
    duplicates += d.unexpected;
    d.close();
  };

  log(`  ${label}: closed loop, ${opts.warmup} warm-up + ${opts.messages} measured, ${opts.concurrency} in flight…`);
  let d = tracker();
  let sat: WindowResult;
  try {
    sat = await closedLoop({ deliveries: d, meter, warmup: opts.warmup, measure: opts.messages, concurrency: opts.concurrency, send: sut.send });
  } finally {
    finish(d);
  }
  const saturation = windowStats(sat, names);
  log(`    ${saturation.deliveriesPerS}/s, p50 ${saturation.p50Ms} ms, p99 ${saturation.p99Ms} ms, ${saturation.cpuUs.system} µs CPU/delivery`);

  const offered = sat.rate / 2;
  log(`  ${label}: open loop at ${Math.round(offered)}/s for ${opts.halfSeconds} s…`);
  d = tracker();
  let halfW: Awaited<ReturnType<typeof openLoop>>;
  const halfFrom = Date.now();
  try {
    halfW = await openLoop({ deliveries: d, meter, rate: offered, seconds: opts.halfSeconds, send: sut.send });
  } finally {
    finish(d);
  }
  const stages = await sut.stages?.(halfFrom, Date.now()).catch((err: Error) => {
    // The window's figures stand without the stages (e.g. HERALD_DATA_DIR moved the database).
    log(`    (stages not read: ${err.message})`);
    return undefined;
  });
  const half = {
    ...windowStats(halfW, names),
    offeredPerS: round(offered, 0),
    generatorLagP99Ms: round(halfW.generatorLagP99Ms, 2),
    ...(stages && { stages }),
  };
  log(`    p50 ${half.p50Ms} ms, p99 ${half.p99Ms} ms (generator lag p99 ${half.generatorLagP99Ms} ms)`);
  if (stages) log(`    inside Herald: ${stagesText(stages)}`);

  let profiles: SystemResult['profiles'];
  if (opts.profile && sut.inspectors?.size) {
    // Both windows: at half load Herald spends about twice the CPU per delivery it spends at
    // saturation (smaller batches, more commits and wake-ups per message), so the two profiles differ.
    profiles = {};
    const windows = [
      {
        suffix: '',
        what: `profiled closed loop, ${opts.profileMessages} messages`,
        run: (dd: Deliveries) => closedLoop({ deliveries: dd, meter, warmup: 1, measure: opts.profileMessages, concurrency: opts.concurrency, send: sut.send }),
      },
      {
        suffix: ' (half load)',
        what: `profiled open loop at ${Math.round(offered)}/s for ${opts.halfSeconds} s`,
        run: (dd: Deliveries) => openLoop({ deliveries: dd, meter, rate: offered, seconds: opts.halfSeconds, send: sut.send }),
      },
    ];
    for (const w of windows) {
      log(`  ${label}: ${w.what}…`);
      const attached = await Promise.all([...sut.inspectors].map(async ([name, url]) => [name, await InspectorProfiler.connect(url)] as const));
      for (const [, p] of attached) await p.start();
      d = tracker();
      try {
        await w.run(d);
      } finally {
        finish(d);
      }
      for (const [name, p] of attached) {
        const profile = await p.stop();
        const file = path.join(opts.outDir, 'profiles', `${label}-${name}${w.suffix ? '-half' : ''}.cpuprofile`);
        writeProfile(file, profile);
        profiles[`${name}${w.suffix}`] = { ...summarize(profile), file };
      }
    }
  }

  const rssEach = sut.processes.map((c) => ({ name: c.name, mb: round(statusMb(c.pid, 'VmHWM') ?? Number.NaN, 1) }));
  if (sink.malformed) throw new Error(`${sink.malformed} webhooks reached the sink without a message id in their body.`);
  return {
    saturation,
    half,
    rssPeakMb: Math.max(...rssEach.map((r) => r.mb)),
    rssPeakEachMb: rssEach,
    duplicates,
    ...(profiles && { profiles }),
  };
}

export function round(n: number, digits: number): number {
  return Number(n.toFixed(digits));
}
