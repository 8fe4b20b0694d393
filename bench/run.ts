/**
 * npm run bench — end-to-end webhook throughput and latency, next to two baselines measured in
 * the same process run: raw undici POSTs to the same sink, and a bare Fastify route.
 *
 * Herald: messages are POSTed over HTTP into sessions whose agent forwards message.user events
 * to a loopback sink; latency is from the start of the ingest request to arrival at the sink.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import { Agent, request } from 'undici';
import { loadConfig } from '../src/config.js';
import { createHerald } from '../src/herald.js';
import { createLogger } from '../src/logger.js';

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 5000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const SESSIONS = Number(process.env.BENCH_SESSIONS ?? 50);
const BASELINE_REQUESTS = Number(process.env.BENCH_BASELINE_REQUESTS ?? 20000);
const KEY = 'hk_bench_0123456789abcdefghijklmnopqrstuvwxyz';

interface Sink {
  url: string;
  arrivals: Map<string, number>;
  received: number;
  close(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const arrivals = new Map<string, number>();
  const sink: Sink = { url: '', arrivals, received: 0, close: async () => {} };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      sink.received++;
      if (req.url === '/hook') {
        const text = /"text":"(b\d+)"/.exec(Buffer.concat(chunks).toString())?.[1];
        if (text && !arrivals.has(text)) arrivals.set(text, performance.now());
      }
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  sink.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  sink.close = async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return sink;
}

/** Runs `total` calls of `fn` with `concurrency` in flight; returns wall time in ms. */
async function pool(total: number, concurrency: number, fn: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await fn(next++);
    }),
  );
  return performance.now() - start;
}

async function rawUndici(sinkUrl: string): Promise<number> {
  const dispatcher = new Agent({ connections: 128, keepAliveTimeout: 30_000 });
  const body = JSON.stringify({ id: 'evt_x', event: 'message.user', text: 'baseline' });
  const ms = await pool(BASELINE_REQUESTS, CONCURRENCY, async () => {
    const res = await request(`${sinkUrl}/raw`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
    await res.body.text();
  });
  await dispatcher.close();
  return (BASELINE_REQUESTS / ms) * 1000;
}

async function bareFastify(): Promise<number> {
  const app = Fastify();
  app.post('/x', async () => ({ ok: true }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  const dispatcher = new Agent({ connections: 128 });
  const body = JSON.stringify({ text: 'hello' });
  const ms = await pool(BASELINE_REQUESTS, CONCURRENCY, async () => {
    const res = await request(`${url}/x`, { method: 'POST', body, headers: { 'content-type': 'application/json' }, dispatcher });
    await res.body.text();
  });
  await dispatcher.close();
  await app.close();
  return (BASELINE_REQUESTS / ms) * 1000;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function herald(sink: Sink, databaseUrl: string | undefined) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-'));
  const config = loadConfig({
    HERALD_DATA_DIR: dataDir,
    HERALD_PORT: '0',
    HERALD_API_KEY: KEY,
    HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
    HERALD_LOG_LEVEL: 'error',
    ...(databaseUrl && { HERALD_DATABASE_URL: databaseUrl }),
  });
  const h = await createHerald(config, { log: createLogger('error') });
  await h.start();
  const url = await h.listen();
  const dispatcher = new Agent({ connections: 128 });
  const call = async (method: 'POST' | 'PUT', p: string, body: unknown) => {
    const res = await request(url + p, {
      method,
      dispatcher,
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${p} → ${res.statusCode} ${text}`);
    return JSON.parse(text);
  };
  const agent = await call('POST', '/api/agents', { name: 'Bench' });
  await call('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [{ name: 'X-Bench', value: 's', secret: true }], events: ['message.user'] });
  const sessions: string[] = [];
  for (let i = 0; i < SESSIONS; i++) sessions.push((await call('POST', '/api/sessions', { agentId: agent.id, channel: 'mobile', customerId: `bench-${i}` })).id);

  const sentAt = new Map<string, number>();
  const start = performance.now();
  const ingestMs = await pool(MESSAGES, CONCURRENCY, async (i) => {
    const text = `b${i}`;
    sentAt.set(text, performance.now());
    await call('POST', `/api/sessions/${sessions[i % SESSIONS]}/messages`, { text, role: 'user' });
  });
  const deadline = Date.now() + 300_000;
  let lastReport = 0;
  while (sink.arrivals.size < MESSAGES && Date.now() < deadline) {
    if (Date.now() - lastReport > 2000) {
      process.stderr.write(`  … ${sink.arrivals.size}/${MESSAGES} delivered\n`);
      lastReport = Date.now();
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  const end = Math.max(...sink.arrivals.values());
  const latencies = [...sink.arrivals].map(([t, at]) => at - sentAt.get(t)!).sort((a, b) => a - b);
  await dispatcher.close();
  await h.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  return {
    delivered: sink.arrivals.size,
    ingestPerS: (MESSAGES / ingestMs) * 1000,
    deliveriesPerS: (sink.arrivals.size / (end - start)) * 1000,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
  };
}

async function main() {
  const round = (n: number, d = 0) => Number(n.toFixed(d));
  console.log(`Herald benchmark: ${MESSAGES} messages, ${SESSIONS} sessions, concurrency ${CONCURRENCY}, ${os.cpus().length} cores, Node ${process.version}`);
  const sink = await startSink();
  process.stderr.write('raw undici POST baseline…\n');
  const undiciPerS = await rawUndici(sink.url);
  process.stderr.write('bare Fastify baseline…\n');
  const fastifyPerS = await bareFastify();
  const results: Record<string, unknown> = {
    date: new Date().toISOString(),
    params: { messages: MESSAGES, sessions: SESSIONS, concurrency: CONCURRENCY, cores: os.cpus().length, node: process.version },
    baselines: { rawUndiciPostPerS: round(undiciPerS), bareFastifyReqPerS: round(fastifyPerS) },
  };
  const rows: string[][] = [
    ['measure', 'value', 'ratio to baseline'],
    ['raw undici POST/s to the sink', String(round(undiciPerS)), '1.00'],
    ['bare Fastify route req/s', String(round(fastifyPerS)), '1.00'],
  ];
  const backends: Array<[string, string | undefined]> = [['sqlite', undefined]];
  if (process.env.HERALD_BENCH_PG_URL) backends.push(['postgres', process.env.HERALD_BENCH_PG_URL]);
  for (const [name, dbUrl] of backends) {
    process.stderr.write(`Herald on ${name}…\n`);
    sink.arrivals.clear();
    const r = await herald(sink, dbUrl);
    results[name] = {
      ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v, 1)])),
      deliveriesVsRawUndici: round(r.deliveriesPerS / undiciPerS, 3),
      ingestVsBareFastify: round(r.ingestPerS / fastifyPerS, 3),
    };
    rows.push(
      [`${name}: ingest req/s (POST message)`, String(round(r.ingestPerS)), (r.ingestPerS / fastifyPerS).toFixed(3)],
      [`${name}: end-to-end deliveries/s`, String(round(r.deliveriesPerS)), (r.deliveriesPerS / undiciPerS).toFixed(3)],
      [`${name}: latency p50 / p99 (ms)`, `${round(r.p50Ms, 1)} / ${round(r.p99Ms, 1)}`, ''],
      [`${name}: delivered`, `${r.delivered}/${MESSAGES}`, ''],
    );
  }
  await sink.close();
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  for (const r of rows) console.log(r.map((c, i) => c.padEnd(widths[i]!)).join('  '));
  const out = path.resolve('bench/results.json');
  fs.writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`written ${path.relative(process.cwd(), out)}`);
}

await main();
