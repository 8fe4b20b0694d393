/**
 * npm run bench [-- --quick] [-- --profile] — Herald end to end, in its own processes, against a
 * warmed raw undici baseline measured before and after each mode in the same run. See
 * bench/README.md for the method and why; bench/results.{json,md} for the last run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { installCleanup, killAll } from './children.js';
import { type HeraldMode, runHeraldMode } from './herald-mode.js';
import { percentile, rawBaseline } from './load.js';
import { round } from './measure.js';
import { runNaiveMode } from './naive-mode.js';
import { readOptions } from './options.js';
import { type ModeReport, type RawRun, type Results, toMarkdown } from './report.js';
import { Sink } from './sink.js';

const log = (line: string) => process.stderr.write(`${line}\n`);

/** The bench runs Herald from dist (as npm start does): rebuild it when a source is newer. */
function ensureBuilt(): void {
  const built = (() => {
    try {
      return fs.statSync('dist/src/main.js').mtimeMs;
    } catch {
      return 0;
    }
  })();
  const newest = (dir: string): number =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) return Math.max(max, newest(p));
      return e.name.endsWith('.ts') ? Math.max(max, fs.statSync(p).mtimeMs) : max;
    }, 0);
  if (built && built >= Math.max(newest('src'), newest('bench'))) return;
  log('dist is older than the sources: building the server (tsc -p tsconfig.build.json)…');
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('The build failed; the bench needs a built dist (npm run build).');
}

function modesFor(pg: boolean, redis: boolean): HeraldMode[] {
  const modes: HeraldMode[] = [{ name: 'sqlite', description: 'one `herald serve` process, SQLite', database: 'sqlite', workers: 0 }];
  if (pg) modes.push({ name: 'postgres', description: 'one `herald serve` process, PostgreSQL', database: 'postgres', workers: 0 });
  if (pg && redis) {
    for (const w of [1, 2]) {
      modes.push({
        name: `cluster-${w}`,
        description: `\`serve --role api\` + ${w} \`serve --role worker\` process${w > 1 ? 'es' : ''}, PostgreSQL + Redis`,
        database: 'postgres',
        workers: w,
      });
    }
  }
  return modes;
}

async function main(): Promise<number> {
  installCleanup();
  const opts = readOptions(process.argv.slice(2), process.env);
  if (os.platform() !== 'linux') throw new Error('The bench reads CPU and memory from /proc: it runs on Linux only.');
  ensureBuilt();
  fs.mkdirSync(path.join(opts.outDir, 'logs'), { recursive: true });
  if (opts.profile) fs.mkdirSync(path.join(opts.outDir, 'profiles'), { recursive: true });

  const sink = await Sink.start(opts.agents);
  type Job = { name: string; description: string; run: () => ReturnType<typeof runNaiveMode> };
  const jobs: Job[] = modesFor(!!opts.pgUrl, !!opts.redisUrl).map((m) => ({
    name: m.name,
    description: m.description,
    run: () => runHeraldMode(m, sink, opts, log),
  }));
  if (opts.redisUrl && opts.naive) {
    jobs.push({
      name: 'naive-bullmq',
      description: 'Fastify → BullMQ → undici, one process, no durability/auth/attempt log',
      run: () => runNaiveMode(sink, opts, log),
    });
  }
  const selected = opts.modes ? jobs.filter((j) => opts.modes!.includes(j.name)) : jobs;
  if (opts.modes && selected.length !== opts.modes.length) {
    throw new Error(`BENCH_MODES names a mode this run cannot do (available: ${jobs.map((j) => j.name).join(', ')}).`);
  }

  log(`Herald bench: ${selected.map((j) => j.name).join(', ')}; ${os.cpus().length} cores; ${opts.quick ? 'QUICK' : 'full'} run`);
  const raws: RawRun[] = [];
  const raw = async (label: string) => {
    log(`raw undici baseline (${label})…`);
    const w = await rawBaseline({
      sink,
      concurrency: opts.concurrency,
      warmupMs: opts.rawWarmupMs,
      warmupRequests: opts.rawWarmupRequests,
      requests: opts.rawRequests,
      minMs: opts.rawMinMs,
    });
    const run: RawRun = {
      label,
      perS: round(w.rate, 0),
      p50Ms: round(percentile(w.latencies, 50), 2),
      p99Ms: round(percentile(w.latencies, 99), 2),
      cpuUsPerRequest: round((w.usage.load * 1e6) / w.count, 1),
      othersCores: round(w.usage.others / w.usage.seconds, 2),
    };
    log(`  ${run.perS} POST/s, ${run.cpuUsPerRequest} µs CPU per POST (client + sink)`);
    raws.push(run);
    return run;
  };

  const modes: ModeReport[] = [];
  let before = await raw(`before ${selected[0]?.name ?? 'nothing'}`);
  for (const [i, job] of selected.entries()) {
    log(`${job.name}: ${job.description}`);
    const report: ModeReport = { mode: job.name, description: job.description };
    try {
      report.result = await job.run();
    } catch (err) {
      report.error = (err as Error).message;
      log(`  FAILED: ${report.error}`);
    }
    const next = selected[i + 1];
    const after = await raw(next ? `after ${job.name}, before ${next.name}` : `after ${job.name}`);
    report.rawBeforePerS = before.perS;
    report.rawAfterPerS = after.perS;
    report.rawMeanPerS = round((before.perS + after.perS) / 2, 0);
    if (report.result) report.ratioToRaw = round(report.result.saturation.deliveriesPerS / report.rawMeanPerS, 3);
    modes.push(report);
    before = after;
  }
  await sink.close();

  const { pgUrl, redisUrl, heraldEnv, ...params } = opts;
  const results: Results = {
    date: new Date().toISOString(),
    host: { cores: os.cpus().length, cpu: os.cpus()[0]?.model ?? 'unknown', node: process.version, loadAvgAtStart: os.loadavg() },
    params: { ...params, postgres: !!pgUrl, redis: !!redisUrl, heraldEnv },
    raw: raws,
    modes,
  };
  const md = toMarkdown(results);
  fs.writeFileSync(path.join(opts.outDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(path.join(opts.outDir, 'results.md'), md);
  console.log(`\n${md}`);
  console.log(`written ${path.join(opts.outDir, 'results.json')} and results.md`);
  const failed = modes.filter((m) => m.error);
  if (failed.length) {
    console.error(`\nFAILED: ${failed.map((m) => m.mode).join(', ')} — see the notes above and ${path.join(opts.outDir, 'logs')}/`);
    return 1;
  }
  return 0;
}

try {
  process.exitCode = await main();
} catch (err) {
  console.error((err as Error).message);
  process.exitCode = 1;
} finally {
  killAll();
  // Whatever might still hold the event loop (a socket of a failed mode) must not hang the run.
  setTimeout(() => process.exit(), 2000).unref();
}
