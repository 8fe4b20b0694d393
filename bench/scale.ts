/**
 * `npm run bench:scale` — Herald with a year of data (issue 16): console queries at 1M (and 10M
 * with --10m) seeded deliveries on SQLite (and PostgreSQL when HERALD_BENCH_PG_URL is set), bytes
 * per delivery, a 50k-participant campaign (reads while it runs, the stall its start causes to a
 * message stream) and a 10k-device Web Push fan-out against a bare `web-push` loop.
 * Writes bench/scale-results.md (and .json); see bench/README.md.
 *
 *   npm run bench:scale                      # 1M, campaign 50k, fan-out 10k
 *   npm run bench:scale -- --10m             # also 10M deliveries (SQLite ~ tens of minutes)
 *   npm run bench:scale -- --quick           # 100k, campaign 5k, fan-out 2k: proves it works
 *   npm run bench:scale -- --only=console,campaign,fanout
 *   npm run bench:scale -- --only=fanout --devices=2000   # (and --participants=N)
 *   npm run bench:scale -- --only=console --deliveries=100000 --no-write   # a quick bytes check
 *   npm run bench:scale -- --only=console --deliveries=10000000 --engines=postgres   # one engine
 */
import fs from 'node:fs';
import os from 'node:os';
import { campaignRun, type CampaignResult } from './scale/campaign.js';
import { type ConsoleResult, consoleOnPostgres, consoleOnSqlite } from './scale/console.js';
import { fanout, type FanoutResult } from './scale/fanout.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',') ?? ['console', 'campaign', 'fanout'];
const count = Number(args.find((a) => a.startsWith('--deliveries='))?.slice(13) ?? NaN);
if (args.some((a) => a.startsWith('--deliveries=')) && !(Number.isInteger(count) && count >= 1000)) {
  throw new Error('--deliveries must be a whole number of at least 1000, such as --deliveries=100000.');
}
const sizes = Number.isInteger(count) ? [count] : quick ? [100_000] : args.includes('--10m') ? [1_000_000, 10_000_000] : [1_000_000];
// A look at one change that should not replace the recorded results.
const write = !args.includes('--no-write');
const numberArg = (name: string) => {
  const v = args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
  return v === undefined ? undefined : Number(v);
};
const participants = numberArg('participants') ?? (quick ? 5_000 : 50_000);
const devices = numberArg('devices') ?? (quick ? 2_000 : 10_000);
const pgUrl = process.env.HERALD_BENCH_PG_URL;
// The console part runs on SQLite, and on PostgreSQL when a URL is set, unless --engines= says which.
const enginesArg = args.find((a) => a.startsWith('--engines='))?.slice(10);
const engines = enginesArg?.split(',') ?? ['sqlite', 'postgres'];
if (engines.some((e) => e !== 'sqlite' && e !== 'postgres')) throw new Error('--engines takes sqlite, postgres or both, such as --engines=postgres.');
if (enginesArg && engines.includes('postgres') && !pgUrl)
  throw new Error('--engines=postgres needs HERALD_BENCH_PG_URL (an admin URL of a PostgreSQL server).');
const runs = (engine: 'sqlite' | 'postgres') => engines.includes(engine) && (engine === 'sqlite' || Boolean(pgUrl));
const log = (s: string) => console.log(s);

const results: { console: ConsoleResult[]; campaign?: CampaignResult; fanout?: FanoutResult[]; machine: string; at: string } = {
  console: [],
  machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os.loadavg()[0]!.toFixed(1)} at start, Node ${process.version}`,
  at: new Date().toISOString(),
};

// Sections not run this time are kept from the last results (--only=… runs one part again).
const previous = new URL('./scale-results.json', import.meta.url);
if (fs.existsSync(previous)) {
  const old = JSON.parse(fs.readFileSync(previous, 'utf8')) as typeof results;
  // Console results are kept per engine and size: a run of one size replaces only that size.
  results.console = only.includes('console') ? old.console.filter((c) => !sizes.includes(c.deliveries) || !runs(c.engine)) : old.console;
  if (!only.includes('campaign')) results.campaign = old.campaign;
  if (!only.includes('fanout')) results.fanout = old.fanout;
  // `--only=report` measures nothing: it writes the tables again from the recorded results.
  if (only.includes('report')) Object.assign(results, { at: old.at, machine: old.machine });
}

if (only.includes('console')) {
  for (const n of sizes) {
    const measured = () => `${new Date().toISOString().slice(0, 16)}Z, load average ${os.loadavg()[0]!.toFixed(1)}`;
    if (runs('sqlite')) {
      log(`console queries, SQLite, ${n.toLocaleString('en')} deliveries`);
      results.console.push({ ...(await consoleOnSqlite(n, log)), measured: measured() });
    }
    if (runs('postgres')) {
      log(`console queries, PostgreSQL, ${n.toLocaleString('en')} deliveries`);
      results.console.push({ ...(await consoleOnPostgres(pgUrl!, n, log)), measured: measured() });
    }
  }
  results.console.sort((a, b) => a.deliveries - b.deliveries || a.engine.localeCompare(b.engine));
}
if (only.includes('campaign')) {
  log(`campaign of ${participants.toLocaleString('en')} participants (SQLite)`);
  results.campaign = await campaignRun(participants, 15, log);
}
if (only.includes('fanout')) {
  // Alternating runs: the machine's load changes between them, the median of three is kept.
  results.fanout = [];
  for (let i = 0; i < (quick ? 1 : 3); i++) {
    log(`Web Push fan-out to ${devices.toLocaleString('en')} devices, run ${i + 1}`);
    results.fanout.push(await fanout(devices, 16, log));
  }
}

if (write) {
  fs.writeFileSync(new URL('./scale-results.json', import.meta.url), `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(new URL('./scale-results.md', import.meta.url), report());
}
console.log(report());
process.exit(0);

function report(): string {
  const lines: string[] = [`# Scale bench results`, '', `${results.at} · ${results.machine}`, ''];
  if (results.console.length) {
    const heads = results.console.map((c) => `${c.engine} ${(c.deliveries / 1e6).toString()}M p50 / p99 ms`);
    lines.push('## Console queries', '', `| query | ${heads.join(' | ')} |`, `|---|${heads.map(() => '---:').join('|')}|`);
    for (const q of results.console[0]!.queries) {
      const cells = results.console.map((c) => {
        const t = c.queries.find((x) => x.name === q.name)!;
        return `${t.p50.toFixed(2)} / ${t.p99.toFixed(2)}`;
      });
      lines.push(`| ${q.name} | ${cells.join(' | ')} |`);
    }
    lines.push('', '## Bytes per delivery (its row, its event, its attempts, and their indexes)', '');
    for (const c of results.console) {
      lines.push(
        `**${c.engine}, ${c.deliveries.toLocaleString('en')} deliveries: ${c.bytesPerDelivery.toFixed(0)} B** (seeded in ${c.seedSeconds.toFixed(0)} s${c.measured ? `; measured ${c.measured}` : ''})`,
        '',
      );
      lines.push('| table / index | bytes per delivery |', '|---|---:|');
      for (const b of c.bytes) lines.push(`| ${b.name} | ${b.perDelivery.toFixed(1)} |`);
      lines.push('');
    }
  }
  const k = results.campaign;
  if (k) {
    lines.push('## Campaign', '', '| measure | value |', '|---|---:|');
    lines.push(`| participants | ${k.participants.toLocaleString('en')} |`);
    lines.push(`| start request | ${k.startMs.toFixed(0)} ms |`);
    lines.push(`| message POST just before the start, p50 | ${k.streamBeforeP50Ms?.toFixed(1) ?? '–'} ms |`);
    lines.push(`| message POST during the start: p50 / slowest | ${k.streamP50Ms.toFixed(1)} / ${k.streamMaxMs.toFixed(1)} ms |`);
    lines.push(`| longest event-loop delay during the start | ${k.eventLoopMaxMs.toFixed(1)} ms |`);
    lines.push(
      `| GET /api/campaigns/:id before the start (the message stream going on): p50 / p99 | ${k.idleGetP50.toFixed(2)} / ${k.idleGetP99?.toFixed(2) ?? '–'} ms |`,
    );
    lines.push(
      `| GET /api/campaigns/:id while running, the message stream going on too: p50 / p99 / max (${k.gets} reads, ${k.sentDuringReads} steps sent meanwhile) | ${k.getP50.toFixed(2)} / ${k.getP99.toFixed(2)} / ${k.getMax.toFixed(2)} ms |`,
    );
    if (k.aloneGets !== undefined)
      lines.push(
        `| GET /api/campaigns/:id while running, the stream stopped: p50 / p99 / max (${k.aloneGets} reads, ${k.sentDuringAloneReads} steps sent meanwhile) | ${k.aloneP50.toFixed(2)} / ${k.aloneP99.toFixed(2)} / ${k.aloneMax.toFixed(2)} ms |`,
      );
    if (k.runningBusy !== undefined)
      lines.push(
        `| Herald's event loop busy while it runs: with the stream / without | ${(k.runningBusy * 100).toFixed(0)} / ${(k.aloneBusy * 100).toFixed(0)} % |`,
      );
    if (k.runningLoopP99Ms !== undefined)
      lines.push(`| Herald's event-loop delay while it runs: p99 / max | ${k.runningLoopP99Ms.toFixed(1)} / ${k.runningLoopMaxMs.toFixed(1)} ms |`);
    lines.push('');
  }
  if (results.fanout?.length) {
    lines.push(
      '## Web Push fan-out',
      '',
      "| run | devices | in flight | bare web-push loop before / after (mean) | Herald (request answered after) | Herald / bare | CPU µs per device: bare / Herald (its event loop alone) | the push service's CPU µs per device: bare / Herald | least time on these cores, Herald |",
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    );
    const ms = (v: number | undefined) => (v === undefined ? '–' : `${v.toFixed(0)}`);
    results.fanout.forEach((f, i) =>
      lines.push(
        `| ${i + 1} | ${f.devices} | ${f.inFlight} | ${ms(f.bareBeforeMs)} / ${ms(f.bareAfterMs)} (${f.bareMs.toFixed(0)}) ms | ${f.heraldMs.toFixed(0)} (${ms(f.plannedMs)}) ms | ${f.ratio.toFixed(2)} | ${ms(f.bareCpuUsPerDevice)} / ${ms(f.heraldCpuUsPerDevice)} (${ms(f.heraldMainCpuUsPerDevice)}) | ${ms(f.bareSinkCpuUsPerDevice)} / ${ms(f.sinkCpuUsPerDevice)} | ${ms(leastMs(f))} ms |`,
      ),
    );
    const ratios = results.fanout.map((f) => f.ratio).sort((a, b) => a - b);
    lines.push('', `Median ratio: **${ratios[Math.floor(ratios.length / 2)]!.toFixed(2)}**`, '');
    if (results.fanout.some((f) => leastMs(f) !== undefined))
      lines.push(
        "Least time: the CPU Herald's process and the push service used in the run, spread over every core of this machine. The bare loop runs on one thread; Herald uses two (the event loop, one encrypting) and shares the cores with the push service, so on a machine this small its time follows the CPU it spends.",
        '',
      );
  }
  return `${lines.join('\n')}\n`;
}

/** The least a fan-out could take on the machine's cores given the CPU Herald and the push service used. */
function leastMs(f: FanoutResult): number | undefined {
  if (f.heraldCpuUsPerDevice === undefined || f.sinkCpuUsPerDevice === undefined || !f.cores) return undefined;
  return ((f.heraldCpuUsPerDevice + f.sinkCpuUsPerDevice) * f.devices) / f.cores / 1000;
}
