/**
 * npm run bench:pg-round-trips — how many statements (each one a network round trip with
 * node-postgres) and transactions Herald sends to PostgreSQL per delivery. Unlike deliveries/s
 * this does not depend on how loaded the machine is, only on how the writes group: it is
 * measured at a few concurrencies (1 = nothing to group, 64 = the bench's closed loop).
 *
 * Herald runs in this process (so the pg client can be counted) on a fresh database of
 * HERALD_BENCH_PG_URL (an admin URL), with the bench's sink as the receivers. Every query any pg
 * client of this process sends is counted, grouped by the statement's first words.
 *
 *   HERALD_BENCH_PG_URL=$(bash scripts/start-postgres.sh) npm run bench:pg-round-trips
 *   PGRT_MESSAGES=3000 PGRT_CONCURRENCY=1,64 (defaults)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Pool } from 'undici';
import { loadConfig } from '../src/config.js';
import { createHeraldServer } from '../src/herald.js';
import { createLogger } from '../src/logger.js';
import { createFreshPg } from './databases.js';
import { clusterCpuS } from './proc-stats.js';
import { Sink } from './sink.js';

const API_KEY = 'hk_bench_0123456789abcdefghijklmnopqrstuvwxyz';
const AGENTS = 4;
const SESSIONS = 64;

const counts = new Map<string, number>();
let counting = false;
/** Statements run by name (prepared once per connection, then only bound and executed). */
let named = 0;
const original = pg.Client.prototype.query;
// Every statement Kysely or anything else sends goes through Client#query (the pool hands out Clients).
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) {
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '?');
    const key = kind(text);
    counts.set(key, (counts.get(key) ?? 0) + 1);
    if ((first as { name?: string } | undefined)?.name) named++;
  }
  return (original as (...a: unknown[]) => unknown).apply(this, args);
} as typeof original;

/** `update "deliveries"`, `insert into "delivery_attempts"`, `begin`: enough to tell statements apart. */
function kind(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim().replace(/"/g, '').toLowerCase();
  const m = /^(insert into \w+|update \w+|delete from \w+|select .*? from \w+|with \w+|\w+)/.exec(t);
  return m ? m[1]!.replace(/^select .*? from/, 'select … from') : t.slice(0, 40);
}

async function main(): Promise<void> {
  const admin = process.env.HERALD_BENCH_PG_URL;
  if (!admin) throw new Error('HERALD_BENCH_PG_URL must name a PostgreSQL admin URL (e.g. $(bash scripts/start-postgres.sh)).');
  const messages = Number(process.env.PGRT_MESSAGES ?? 3000);
  const levels = (process.env.PGRT_CONCURRENCY ?? '1,64').split(',').map(Number);
  const db = await createFreshPg(admin, `herald_rt_${process.pid}`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-rt-'));
  const sink = await Sink.start(AGENTS);
  const config = loadConfig({
    HERALD_DATA_DIR: dataDir,
    HERALD_HOST: '127.0.0.1',
    HERALD_PORT: '0',
    HERALD_LOG_LEVEL: 'warn',
    HERALD_API_KEY: API_KEY,
    HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
    HERALD_DATABASE_URL: db.url,
  });
  const herald = await createHeraldServer(config, { log: createLogger(config.logLevel) });
  await herald.start();
  const url = await herald.listen();
  const pool = new Pool(url, { connections: 64 });
  try {
    const call = async <T>(method: 'POST' | 'PUT', p: string, body: unknown, auth = `Bearer ${API_KEY}`): Promise<T> => {
      const res = await pool.request({ path: p, method, headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      const text = await res.body.text();
      if (res.statusCode >= 300) throw new Error(`${method} ${p} → ${res.statusCode} ${text.slice(0, 300)}`);
      return JSON.parse(text) as T;
    };
    const agents: string[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const agent = await call<{ id: string }>('POST', '/api/agents', { name: `Agent ${i + 1}` });
      await call('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.origins[i]}/hook`, headers: [], events: ['message.user'] });
      agents.push(agent.id);
    }
    const sessions: Array<{ path: string; auth: string }> = [];
    for (let n = 0; n < SESSIONS; n++) {
      const { token } = await call<{ token: string }>('POST', `/api/customers/rt-${n}/token`, { ttlSeconds: 3600 });
      const session = await call<{ id: string }>('POST', '/api/sessions', { agentId: agents[n % AGENTS], channel: 'mobile' }, `Bearer ${token}`);
      sessions.push({ path: `/api/sessions/${session.id}/messages`, auth: `Bearer ${token}` });
    }

    const waiting = new Map<string, () => void>();
    sink.onArrival = (id) => {
      waiting.get(id)?.();
      waiting.delete(id);
    };
    let seq = 0;
    /** `count` messages, `concurrency` in flight end to end (a slot frees when its webhook arrived). */
    const loop = async (count: number, concurrency: number) => {
      let left = count;
      const worker = async () => {
        while (left-- > 0) {
          const id = `m${seq++}`;
          const s = sessions[seq % sessions.length]!;
          const arrived = new Promise<void>((r) => waiting.set(id, r));
          const res = await pool.request({
            path: s.path,
            method: 'POST',
            headers: { authorization: s.auth, 'content-type': 'application/json' },
            body: JSON.stringify({ text: id }),
          });
          await res.body.text();
          if (res.statusCode !== 201) throw new Error(`message → ${res.statusCode}`);
          await arrived;
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
    };
    await loop(500, 64); // warm-up: connections, JIT, destinations registered
    for (const c of levels) {
      await herald.engine.idle();
      counts.clear();
      named = 0;
      counting = true;
      const cpu0 = process.cpuUsage();
      const pg0 = db.postmasterPid ? clusterCpuS(db.postmasterPid) : undefined;
      const t0 = performance.now();
      await loop(messages, c);
      await herald.engine.idle();
      const seconds = (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      const pg1 = db.postmasterPid ? clusterCpuS(db.postmasterPid) : undefined;
      counting = false;
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      const per = (n: number) => (n / messages).toFixed(2);
      console.log(
        `\nconcurrency ${c}: ${messages} messages → ${messages} deliveries; ${per(total)} statements (round trips) per delivery, ${per(counts.get('begin') ?? 0)} transactions, ${per(named)} run by name (prepared)`,
      );
      // CPU: indicative only (this process also runs the load and the receivers; the machine is shared).
      const us = (s: number) => Math.round((s * 1e6) / messages);
      console.log(
        `  ${Math.round(messages / seconds)} deliveries/s; CPU per delivery: this process (Herald + load + sink) ${us((cpu.user + cpu.system) / 1e6)} µs` +
          (pg0 !== undefined && pg1 !== undefined ? `, PostgreSQL ${us(pg1 - pg0)} µs` : ''),
      );
      for (const [k, n] of [...counts.entries()].sort((a, b) => b[1] - a[1])) console.log(`  ${per(n).padStart(6)}  ${k}`);
    }
  } finally {
    await pool.close();
    await herald.close();
    await sink.close();
    await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
