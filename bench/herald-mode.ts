/**
 * Herald as `npm start` runs it — `node bin/herald.js serve` on the built dist, in its own
 * processes (one, or an API process plus worker processes in cluster mode) — set up through its
 * public HTTP API: agents whose push configs point at the sink, customers with tokens, sessions.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { type Child, freePort, spawnChild, stopChild, waitHttpOk } from './children.js';
import { createFreshPg, freshRedis } from './databases.js';
import { measureSystem, type SystemResult } from './measure.js';
import type { BenchOptions } from './options.js';
import type { Sink } from './sink.js';
import { pgStages, sqliteStages } from './stages.js';

export const API_KEY = 'hk_bench_0123456789abcdefghijklmnopqrstuvwxyz';

export interface HeraldMode {
  name: string;
  description: string;
  database: 'sqlite' | 'postgres';
  /** Worker processes beside an API process (cluster mode, needs Redis); 0 = one `serve` process. */
  workers: number;
}

const FOREIGN_ENV = /^(HERALD_|FCM_|APNS_|VAPID_|TELEGRAM_|SMTP_|TWILIO_|BEAMS_|ONESIGNAL_|INTERCOM_)/;

/** The bench's own environment without anything that would configure Herald behind its back. */
export function cleanEnv(): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !FOREIGN_ENV.test(k)));
}

export async function runHeraldMode(
  mode: HeraldMode,
  sink: Sink,
  opts: BenchOptions,
  log: (line: string) => void,
): Promise<SystemResult & { processes: string[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
  const logDir = path.join(opts.outDir, 'logs');
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const env: Record<string, string | undefined> = {
    ...cleanEnv(),
    HERALD_DATA_DIR: dataDir,
    HERALD_PORT: String(port),
    HERALD_API_KEY: API_KEY,
    HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
    HERALD_LOG_LEVEL: 'warn',
    ...opts.heraldEnv,
  };
  const pg = mode.database === 'postgres' ? await createFreshPg(opts.pgUrl!, `herald_bench_${process.pid}_${mode.name.replace(/\W/g, '_')}`) : undefined;
  if (pg) env.HERALD_DATABASE_URL = pg.url;
  const redis = mode.workers > 0 ? await freshRedis(opts.redisUrl!) : undefined;
  if (redis) {
    // Every process must share one VAPID pair; the CLI prints a fresh one (asked before
    // HERALD_REDIS_URL is set, since the configuration check would want the pair already).
    const vapid = execFileSync(process.execPath, ['bin/herald.js', 'vapid', '--new'], { env }).toString();
    env.HERALD_REDIS_URL = opts.redisUrl;
    env.HERALD_SECRET_KEY = randomBytes(32).toString('base64');
    env.HERALD_IDENTITY_SECRET = randomBytes(32).toString('base64url');
    for (const line of vapid.trim().split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) env[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
    }
  }

  const children: Child[] = [];
  const inspectors = new Map<string, string>();
  const start = (name: string, role: string) => {
    const args = [...(opts.profile ? ['--inspect=127.0.0.1:0'] : []), 'bin/herald.js', 'serve', ...(role === 'all' ? [] : ['--role', role])];
    const child = spawnChild(name, args, env, path.join(logDir, `${mode.name}-${name}.log`));
    children.push(child);
    return child;
  };
  const pool = new Pool(origin, { connections: opts.concurrency, keepAliveTimeout: 120_000 });
  try {
    // The API process first, alone: it migrates and bootstraps the fresh database. (Started
    // together on an empty database, the current engine's processes race to create the admin
    // and the loser exits.) Workers have no port; the warm-up gives them time to start.
    start(mode.workers > 0 ? 'api' : 'herald', mode.workers > 0 ? 'api' : 'all');
    await waitHttpOk(`${origin}/api/ready`, children, 90_000);
    for (let i = 1; i <= mode.workers; i++) start(`worker-${i}`, 'worker');
    if (opts.profile) {
      for (const c of children) inspectors.set(c.name, (await c.waitForStderr(/Debugger listening on (ws:\/\/\S+)/, 30_000))[1]!);
    }
    const sessions = await setUp(pool, sink, opts);
    let next = 0;
    const send = async (id: string) => {
      const s = sessions[next++ % sessions.length]!;
      const res = await pool.request({
        path: s.path,
        method: 'POST',
        headers: { authorization: s.auth, 'content-type': 'application/json' },
        body: JSON.stringify({ text: id }),
      });
      const text = await res.body.text();
      if (res.statusCode !== 201) throw new Error(`POST ${s.path} → ${res.statusCode} ${text.slice(0, 300)}`);
    };
    const result = await measureSystem(
      mode.name,
      {
        processes: children,
        send,
        ...(pg?.postmasterPid && { pgPostmasterPid: pg.postmasterPid }),
        ...(redis && { redis }),
        inspectors,
        stages: async (fromMs, toMs) => (pg ? pgStages(pg.url, fromMs, toMs) : sqliteStages(dataDir, fromMs, toMs)),
      },
      sink,
      opts,
      log,
    );
    for (const c of children) {
      if (c.proc.exitCode !== null) throw new Error(`${c.name} exited during the run:\n${c.tail()}`);
    }
    return { ...result, processes: children.map((c) => `${c.name} (pid ${c.pid})`) };
  } finally {
    await pool.close();
    const exits = await Promise.all(children.map((c) => stopChild(c)));
    exits.forEach((how, i) => {
      if (how !== '0' && how !== 'SIGTERM') log(`  warning: ${children[i]!.name} ended with ${how}; see ${logDir}/${mode.name}-${children[i]!.name}.log`);
    });
    redis?.disconnect();
    await pg?.drop().catch((err: Error) => log(`  warning: could not drop the bench database: ${err.message}`));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

interface BenchSession {
  path: string;
  auth: string;
}

/** Agents (one per sink port), then per customer a token and a session started with it. */
async function setUp(pool: Pool, sink: Sink, opts: BenchOptions): Promise<BenchSession[]> {
  const call = async <T>(method: 'POST' | 'PUT', p: string, body: unknown, auth = `Bearer ${API_KEY}`): Promise<T> => {
    const res = await pool.request({ path: p, method, headers: { authorization: auth, 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`Set-up: ${method} ${p} → ${res.statusCode} ${text.slice(0, 300)}`);
    return JSON.parse(text) as T;
  };
  const agents: string[] = [];
  for (let i = 0; i < opts.agents; i++) {
    const agent = await call<{ id: string }>('POST', '/api/agents', { name: `Bench agent ${i + 1}` });
    await call('PUT', `/api/agents/${agent.id}/push-config`, {
      enabled: true,
      url: `${sink.origins[i % sink.origins.length]}/hook`,
      headers: [{ name: 'X-Bench', value: 'secret-value', secret: true }],
      events: ['message.user'],
    });
    agents.push(agent.id);
  }
  const sessions: BenchSession[] = [];
  const batch = 16;
  for (let i = 0; i < opts.sessions; i += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, opts.sessions - i) }, async (_, k) => {
        const n = i + k;
        const { token } = await call<{ token: string }>('POST', `/api/customers/bench-customer-${n}/token`, { ttlSeconds: 6 * 3600 });
        const auth = `Bearer ${token}`;
        const session = await call<{ id: string }>('POST', '/api/sessions', { agentId: agents[n % agents.length], channel: 'mobile' }, auth);
        return { path: `/api/sessions/${session.id}/messages`, auth };
      }),
    );
    sessions.push(...made);
  }
  return sessions;
}
