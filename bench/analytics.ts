/**
 * npm run bench:analytics [-- --rows 1000000] [-- --keep] — how long GET /api/analytics/deliveries
 * takes to summarize a million deliveries on SQLite (the issue's target: under 200 ms). Builds a
 * database with the real migrations, fills `deliveries` with a week of rows across channels,
 * destinations and statuses (one multi-row INSERT per 500 rows, no Herald running; each id names the
 * millisecond its row was created, as Herald's do, which SQLite's analytics relies on), then runs the
 * analytics service as the route does, a few times each for the views the portal asks for.
 * A number, not a pass/fail: the machine it runs on decides how much it means.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { type RawBuilder, sql } from 'kysely';
import { AnalyticsService } from '../src/engine/analytics.js';
import { newId } from '../src/ids.js';
import { createDb } from '../src/store/db.js';
import { DEFAULT_WORKSPACE, asSystem, withWorkspace } from '../src/store/workspace-scope.js';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const ROWS = opt('rows', 1_000_000);
const RUNS = opt('runs', 5);
const DAY = 86_400_000;
const log = (line: string) => process.stderr.write(`${line}\n`);

// --dir <path>: reuse a database a previous run left with --keep (filling takes a minute).
const dirArg = args.indexOf('--dir');
const reuse = dirArg >= 0 ? args[dirArg + 1]! : undefined;
const dir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), 'herald-analytics-'));
const store = createDb({ databaseUrl: undefined, dataDir: dir });
await store.migrate();

// A week of traffic: mostly delivered, some failures, skips, retries and cancellations.
const CHANNELS = [
  { channel: 'fcm', destination: () => 'fcm' },
  { channel: 'apns', destination: () => 'apns' },
  { channel: 'webpush', destination: (i: number) => `webpush:https://push${i % 3}.example` },
  { channel: 'webhook', destination: (i: number) => `webhook:https://hooks${i % 20}.example` },
  { channel: 'email', destination: () => 'email' },
  { channel: 'sms', destination: () => 'sms' },
];
const STATUSES = ['delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'delivered', 'failed', 'skipped', 'retrying', 'cancelled'];
// Reused databases keep their timeline: the week ends where the first run's did.
const end = reuse
  ? Number((await asSystem(() => sql<{ m: number }>`SELECT max(created_at) AS m FROM deliveries`.execute(store.db))).rows[0]!.m) + 1
  : Date.now();
const start = end - 7 * DAY;
const t0 = performance.now();
const have = Number((await asSystem(() => sql<{ n: number }>`SELECT count(*) AS n FROM deliveries`.execute(store.db))).rows[0]!.n);
// SQLite stores the columns it can derive under other names (migration 0018: `<column>_own`), here
// whole (as rows written before it).
const cols =
  '(workspace_own, id, event_id, notification_id, channel, recipient_type_own, recipient_own, agent_id, session_id, customer_id, target, payload, status, reason, attempts, next_attempt_at, last_status_code, last_error, destination_own, created_at_own, updated_at)';
for (let i = have; i < ROWS; i += 500) {
  const values: RawBuilder<unknown>[] = [];
  for (let j = i; j < Math.min(ROWS, i + 500); j++) {
    const c = CHANNELS[j % CHANNELS.length]!;
    const created = start + Math.floor((j / ROWS) * 7 * DAY);
    const status = STATUSES[(j * 7) % STATUSES.length]!;
    const latency = 40 + ((j * 37) % 900);
    values.push(
      sql`('default', ${newId('dlv', created)}, ${`evt_${j}`}, NULL, ${c.channel}, 'customer', ${`c${j % 5000}`}, NULL, NULL, NULL, 't', '{}', ${status}, NULL, 1, NULL, NULL, NULL, ${c.destination(j)}, ${created}, ${created + latency})`,
    );
  }
  await asSystem(() => sql`INSERT INTO deliveries ${sql.raw(cols)} VALUES ${sql.join(values)}`.execute(store.db));
  if (i % 100_000 === 0 && i) log(`  ${i} rows…`);
}
log(`filled ${ROWS} deliveries in ${((performance.now() - t0) / 1000).toFixed(1)} s (${dir})`);

const analytics = new AnalyticsService(store);
const views = [
  { name: 'last 7 days by hour (168 buckets)', q: { from: start, to: end, bucket: 'hour' as const } },
  { name: 'last 7 days by day', q: { from: start, to: end, bucket: 'day' as const } },
  { name: 'last 24 hours by minute (1440 buckets)', q: { from: end - DAY, to: end, bucket: 'minute' as const } },
  { name: 'last 7 days by hour, channel=webhook', q: { from: start, to: end, bucket: 'hour' as const, channel: 'webhook' } },
];
// Wall time on a shared machine mostly measures the queue for a CPU; better-sqlite3 runs in this
// thread, so this process's CPU time is what the query itself costs (what a quiet machine shows).
const lines = [`| view | rows summarized | median ms | min ms | max ms | median CPU ms |`, `|---|---|---|---|---|---|`];
for (const v of views) {
  const times: number[] = [];
  const cpu: number[] = [];
  let total = 0;
  for (let r = 0; r < RUNS; r++) {
    const t = performance.now();
    const c = process.cpuUsage();
    total = (await withWorkspace(DEFAULT_WORKSPACE, () => analytics.deliveries(v.q))).total;
    const used = process.cpuUsage(c);
    times.push(performance.now() - t);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  const mid = Math.floor(RUNS / 2);
  lines.push(`| ${v.name} | ${total} | ${times[mid]!.toFixed(0)} | ${times[0]!.toFixed(0)} | ${times.at(-1)!.toFixed(0)} | ${cpu[mid]!.toFixed(0)} |`);
}
const load = os.loadavg()[0]!.toFixed(1);
console.log(`${ROWS} deliveries, SQLite, ${RUNS} runs per view, load average ${load} on ${os.cpus().length} CPUs\n\n${lines.join('\n')}`);
await store.close();
if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
