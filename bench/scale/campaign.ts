/**
 * A 50k-participant campaign on SQLite: how long starting it stalls a concurrent stream of
 * messages (each POSTed as soon as the previous one answered), and what GET /api/campaigns/:id
 * costs while it runs.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createHeraldServer } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import { startSink } from './fanout.js';

const API_KEY = 'hk_bench_0123456789abcdefghijklmnopqrstuvwxyz';

export interface CampaignResult {
  participants: number;
  startMs: number;
  /** The longest a message POST took while the start ran, and the typical one. */
  streamMaxMs: number;
  streamP50Ms: number;
  eventLoopMaxMs: number;
  idleGetP50: number;
  getP50: number;
  getP99: number;
  getMax: number;
  gets: number;
  sentDuringReads: number;
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function campaignRun(participants: number, readSeconds: number, log: (s: string) => void): Promise<CampaignResult> {
  const sink = await startSink();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-campaign-'));
  const config = loadConfig({
    HERALD_DATA_DIR: dataDir,
    HERALD_HOST: '127.0.0.1',
    HERALD_PORT: '0',
    HERALD_LOG_LEVEL: 'warn',
    HERALD_API_KEY: API_KEY,
    HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
  });
  const herald = await createHeraldServer(config, { log: createLogger(config.logLevel) });
  await herald.start();
  const url = await herald.listen();
  const api = async (method: string, p: string, body?: unknown) => {
    const res = await fetch(url + p, {
      method,
      headers: { authorization: `Bearer ${API_KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  };
  try {
    const db = herald.services.store.db;
    const now = Date.now();
    const customers = Array.from({ length: participants }, (_, i) => ({
      id: `cmp-${String(i).padStart(6, '0')}`,
      name: null,
      email: null,
      phone: null,
      locale: 'en-GB',
      timezone: null,
      created_at: now,
      updated_at: now,
    }));
    for (let i = 0; i < customers.length; i += 1000)
      await db
        .insertInto('customers')
        .values(customers.slice(i, i + 1000))
        .execute();
    const agent = (await api('POST', '/api/agents', { name: 'Promo' })).body.id;
    await api('PUT', `/api/agents/${agent}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
    const session = (await api('POST', '/api/sessions', { agentId: agent, customerId: 'stream-1' })).body.id;
    const campaign = (
      await api('POST', '/api/campaigns', {
        name: 'Scale',
        audience: { where: { locale: 'en' } },
        ratePerSecond: 1000,
        stages: [{ channel: 'mobile_push', agentId: agent, text: 'Winter sale starts now' }],
      })
    ).body.id;

    // The message stream, one at a time, before, during and after the start.
    let streaming = !process.env.NOSTREAM;
    const during: number[] = [];
    let starting = false;
    const stream = (async () => {
      while (streaming) {
        const t0 = performance.now();
        await api('POST', `/api/sessions/${session}/messages`, { text: 'Where is my order?', role: 'user' });
        if (starting) during.push(performance.now() - t0);
      }
    })();
    // The same read before anything runs: what this machine gives it when idle.
    const idle: number[] = [];
    for (let i = 0; i < 50; i++) {
      const g0 = performance.now();
      await api('GET', `/api/campaigns/${campaign}`);
      idle.push(performance.now() - g0);
    }
    idle.sort((a, b) => a - b);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    starting = true;
    const t0 = performance.now();
    const started = await api('POST', `/api/campaigns/${campaign}/start`);
    const startMs = performance.now() - t0;
    starting = false;
    loop.disable();
    if (started.body.participants !== participants) throw new Error(`campaign started with ${started.body.participants} participants`);
    log(
      `  started ${participants} participants in ${startMs.toFixed(0)} ms; ${during.length} messages meanwhile, slowest ${Math.max(...during).toFixed(1)} ms`,
    );

    const gets: number[] = [];
    const until = Date.now() + readSeconds * 1000;
    const sentBefore = (await api('GET', `/api/campaigns/${campaign}`)).body.stages[0].sent;
    while (Date.now() < until) {
      const g0 = performance.now();
      const r = await api('GET', `/api/campaigns/${campaign}`);
      gets.push(performance.now() - g0);
      if (r.status !== 200) throw new Error(`GET campaign answered ${r.status}`);
      await new Promise((r) => setTimeout(r, 10));
    }
    const sentAfter = (await api('GET', `/api/campaigns/${campaign}`)).body.stages[0].sent;
    streaming = false;
    await stream;
    gets.sort((a, b) => a - b);
    during.sort((a, b) => a - b);
    log(
      `  GET /api/campaigns/:id while running (${sentAfter - sentBefore} sent meanwhile): p50 ${pct(gets, 50).toFixed(2)} ms, p99 ${pct(gets, 99).toFixed(2)} ms (idle p50 ${pct(idle, 50).toFixed(2)} ms)`,
    );
    return {
      participants,
      startMs,
      streamMaxMs: during.at(-1) ?? 0,
      streamP50Ms: pct(during, 50),
      eventLoopMaxMs: loop.max / 1e6,
      idleGetP50: pct(idle, 50),
      getP50: pct(gets, 50),
      getP99: pct(gets, 99),
      getMax: gets.at(-1) ?? 0,
      gets: gets.length,
      sentDuringReads: sentAfter - sentBefore,
    };
  } finally {
    await herald.close();
    sink.child.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
