/**
 * A 50k-participant campaign on SQLite: how long starting it stalls a concurrent stream of
 * messages (each POSTed as soon as the previous one answered), and what GET /api/campaigns/:id
 * costs while it runs.
 */
import { monitorEventLoopDelay, performance as perf } from 'node:perf_hooks';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { loadConfig } from '../../src/config.js';
import { createHeraldServer } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import { startSink } from './fanout.js';
import { DEFAULT_WORKSPACE, withWorkspace } from '../../src/store/workspace-scope.js';

const API_KEY = 'hk_bench_0123456789abcdefghijklmnopqrstuvwxyz';

export interface CampaignResult {
  participants: number;
  startMs: number;
  /** The longest a message POST took while the start ran, and the typical one. */
  streamMaxMs: number;
  streamP50Ms: number;
  /** The same stream just before the start: what a POST costs here without it. */
  streamBeforeP50Ms: number;
  eventLoopMaxMs: number;
  /** Herald's event-loop delay while the campaign runs and the reads are made. */
  runningLoopP99Ms: number;
  runningLoopMaxMs: number;
  /** Herald's event-loop utilisation (0–1) during the reads with the stream, and without it. */
  runningBusy: number;
  aloneBusy: number;
  idleGetP50: number;
  idleGetP99: number;
  getP50: number;
  getP99: number;
  getMax: number;
  gets: number;
  sentDuringReads: number;
  /** The same reads once the message stream has stopped: the campaign's own cost to a read. */
  aloneP50: number;
  aloneP99: number;
  aloneMax: number;
  aloneGets: number;
  sentDuringAloneReads: number;
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
  let client: ReturnType<typeof startClient> | undefined;
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
    // Seeded straight into the store, in the default workspace (the store refuses unscoped writes).
    await withWorkspace(DEFAULT_WORKSPACE, async () => {
      for (let i = 0; i < customers.length; i += 1000)
        await db
          .insertInto('customers')
          .values(customers.slice(i, i + 1000))
          .execute();
    });
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

    // The client runs in its own process, as real ones do: in this one, its own requests and
    // response parsing would queue behind Herald's work and be counted as Herald's latency.
    client = startClient(url, session, campaign);
    const idle = await client.ask<number[]>({ op: 'reads', count: 200 });
    idle.sort((a, b) => a - b);
    const streamBefore = (await client.ask<Array<[number, number]>>({ op: 'posts' })).map(([, ms]) => ms).sort((a, b) => a - b);
    const loop = monitorEventLoopDelay({ resolution: 1 });
    loop.enable();
    const startAt = performance.timeOrigin + performance.now();
    const t0 = performance.now();
    const started = await api('POST', `/api/campaigns/${campaign}/start`);
    const startMs = performance.now() - t0;
    const startEnd = performance.timeOrigin + performance.now();
    loop.disable();
    if (started.body.participants !== participants) throw new Error(`campaign started with ${started.body.participants} participants`);
    // Every POST whose time in flight overlapped the start.
    const during = (await client.ask<Array<[number, number]>>({ op: 'posts' }))
      .filter(([at, ms]) => at < startEnd && at + ms > startAt)
      .map(([, ms]) => ms)
      .sort((a, b) => a - b);
    log(
      `  started ${participants} participants in ${startMs.toFixed(0)} ms; ${during.length} messages meanwhile, slowest ${(during.at(-1) ?? 0).toFixed(1)} ms (before: p50 ${pct(streamBefore, 50).toFixed(1)} ms); event loop max ${(loop.max / 1e6).toFixed(1)} ms`,
    );

    const sentBefore = (await api('GET', `/api/campaigns/${campaign}`)).body.stages[0].sent;
    const readLoop = monitorEventLoopDelay({ resolution: 1 });
    readLoop.enable();
    const busyFrom = perf.eventLoopUtilization();
    const gets = await client.ask<number[]>({ op: 'reads', seconds: readSeconds });
    const busy = perf.eventLoopUtilization(busyFrom).utilization;
    readLoop.disable();
    const sentAfter = (await api('GET', `/api/campaigns/${campaign}`)).body.stages[0].sent;
    // The stream measured the start's stall; the reads are asked again without it, so the
    // campaign's own cost to a read is told apart from the cost of a closed-loop message stream.
    await client.ask({ op: 'stop' });
    const aloneFrom = perf.eventLoopUtilization();
    const alone = await client.ask<number[]>({ op: 'reads', seconds: readSeconds });
    const aloneBusy = perf.eventLoopUtilization(aloneFrom).utilization;
    const sentAlone = (await api('GET', `/api/campaigns/${campaign}`)).body.stages[0].sent;
    alone.sort((a, b) => a - b);
    if (sentAlone === sentAfter) throw new Error('the campaign finished before the reads without the stream: raise --participants');
    gets.sort((a, b) => a - b);
    log(
      `  GET /api/campaigns/:id without the stream (${sentAlone - sentAfter} sent meanwhile): p50 ${pct(alone, 50).toFixed(2)} ms, p99 ${pct(alone, 99).toFixed(2)} ms; event loop ${(aloneBusy * 100).toFixed(0)} % busy`,
    );
    log(
      `  GET /api/campaigns/:id while running (${sentAfter - sentBefore} sent meanwhile): p50 ${pct(gets, 50).toFixed(2)} ms, p99 ${pct(gets, 99).toFixed(2)} ms (before the start, the stream alone: p50 ${pct(idle, 50).toFixed(2)}, p99 ${pct(idle, 99).toFixed(2)} ms); event loop ${(busy * 100).toFixed(0)} % busy, delay p99 ${(readLoop.percentile(99) / 1e6).toFixed(1)} ms, max ${(readLoop.max / 1e6).toFixed(1)} ms`,
    );
    return {
      participants,
      startMs,
      streamMaxMs: during.at(-1) ?? 0,
      streamP50Ms: pct(during, 50),
      streamBeforeP50Ms: pct(streamBefore, 50),
      eventLoopMaxMs: loop.max / 1e6,
      runningLoopP99Ms: readLoop.percentile(99) / 1e6,
      runningLoopMaxMs: readLoop.max / 1e6,
      runningBusy: busy,
      aloneBusy,
      idleGetP50: pct(idle, 50),
      idleGetP99: pct(idle, 99),
      getP50: pct(gets, 50),
      getP99: pct(gets, 99),
      getMax: gets.at(-1) ?? 0,
      gets: gets.length,
      sentDuringReads: sentAfter - sentBefore,
      aloneP50: pct(alone, 50),
      aloneP99: pct(alone, 99),
      aloneMax: alone.at(-1) ?? 0,
      aloneGets: alone.length,
      sentDuringAloneReads: sentAlone - sentAfter,
    };
  } finally {
    await herald.close();
    client?.child.kill();
    sink.child.kill();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * The load client: posts messages to one session one after another (each as soon as the previous
 * answered) until told to stop, and on request reads the campaign, every 10 ms for a while or a
 * number of times. Answers one JSON line per request on stdout.
 */
const CLIENT = `
const [url, key, session, campaign] = process.argv.slice(1);
const now = () => performance.timeOrigin + performance.now();
const auth = { authorization: 'Bearer ' + key };
const posts = [];
let streaming = true;
const streamed = (async () => {
  const body = JSON.stringify({ text: 'Where is my order?', role: 'user' });
  while (streaming) {
    const t0 = now();
    const res = await fetch(url + '/api/sessions/' + session + '/messages', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body });
    await res.arrayBuffer();
    if (res.status !== 201) throw new Error('message POST answered ' + res.status);
    posts.push([t0, now() - t0]);
  }
})();
async function reads(count, seconds) {
  const out = [];
  const until = Date.now() + seconds * 1000;
  while (count ? out.length < count : Date.now() < until) {
    const t0 = now();
    const res = await fetch(url + '/api/campaigns/' + campaign, { headers: auth });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error('GET campaign answered ' + res.status);
    out.push(now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  return out;
}
require('node:readline').createInterface({ input: process.stdin }).on('line', async (line) => {
  const q = JSON.parse(line);
  let out = null;
  if (q.op === 'reads') out = await reads(q.count, q.seconds);
  if (q.op === 'posts') out = posts.splice(0);
  if (q.op === 'stop') {
    streaming = false;
    await streamed;
  }
  process.stdout.write(JSON.stringify(out) + '\\n');
});
`;

function startClient(url: string, session: string, campaign: string) {
  const child = spawn(process.execPath, ['-e', CLIENT, url, API_KEY, session, campaign], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  return {
    child,
    async ask<T>(q: object): Promise<T> {
      child.stdin.write(`${JSON.stringify(q)}\n`);
      const next = await lines.next();
      if (next.done) throw new Error('the load client exited');
      return JSON.parse(next.value) as T;
    },
  };
}
