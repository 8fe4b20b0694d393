/**
 * npm run bench:isolation — does one bad receiver hurt the others? (CONTRACT §10)
 *
 * Herald runs as `npm start` runs it (`bin/herald.js serve`, SQLite). Agent A's webhook goes to a
 * healthy receiver; agent B's to a bad one. A steady open-loop stream of customer messages goes to
 * A (and, in the second and third phases, an equal stream to B). Reported: A's end-to-end latency
 * (scheduled send → arrival at A's receiver) p50/p99 in each phase, and the ratio to its own
 * baseline. Phases: A alone; B hanging (never answers); B answering after 3 s.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { freePort, installCleanup, killAll, spawnChild, stopChild, waitHttpOk } from './children.js';
import { API_KEY, cleanEnv } from './herald-mode.js';

const RATE = Number(process.env.BENCH_ISOLATION_RATE ?? 100); // messages/s to each agent
const SECONDS = Number(process.env.BENCH_ISOLATION_SECONDS ?? 15);
const log = (line: string) => process.stderr.write(`${line}\n`);

type Behaviour = 'ok' | 'hang' | 'slow';

/** A receiver whose behaviour the phases switch; arrivals are reported by message text. */
async function receiver(onArrival: (text: string, at: number) => void) {
  let behaviour: Behaviour = 'ok';
  const held = new Set<http.ServerResponse>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      const answer = () => {
        held.delete(res);
        if (!res.writableEnded) res.end('ok');
      };
      if (behaviour === 'hang') return void held.add(res);
      if (behaviour === 'slow') {
        held.add(res);
        return void setTimeout(answer, 3000);
      }
      try {
        onArrival(String((JSON.parse(Buffer.concat(chunks).toString()) as { text?: unknown }).text), at);
      } catch {
        /* not ours */
      }
      answer();
    });
  });
  server.keepAliveTimeout = 120_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    set(b: Behaviour) {
      behaviour = b;
    },
    async close() {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

function pct(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

async function main(): Promise<void> {
  installCleanup();
  if (!fs.existsSync('dist/src/main.js')) throw new Error('Build first: npm run build');
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const healthy = await receiver((text, at) => {
    const t = sent.get(text);
    if (t !== undefined) latencies.push(at - t);
  });
  const bad = await receiver(() => {});
  const port = await freePort();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-isolation-'));
  const env = {
    ...cleanEnv(),
    HERALD_DATA_DIR: dataDir,
    HERALD_PORT: String(port),
    HERALD_API_KEY: API_KEY,
    HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
    HERALD_LOG_LEVEL: 'warn',
  };
  const herald = spawnChild('herald', ['bin/herald.js', 'serve'], env, path.join(os.tmpdir(), 'herald-isolation.log'));
  const origin = `http://127.0.0.1:${port}`;
  const pool = new Pool(origin, { connections: 64 });
  const call = async (method: string, p: string, body: unknown) => {
    const res = await pool.request({
      method: method,
      path: p,
      headers: { authorization: `Bearer ${API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode >= 300) throw new Error(`${method} ${p} → ${res.statusCode} ${text}`);
    return JSON.parse(text) as { id: string };
  };
  try {
    await waitHttpOk(`${origin}/api/ready`, [herald], 60_000);
    const sessions: Record<'a' | 'b', string[]> = { a: [], b: [] };
    for (const [key, url] of [
      ['a', healthy.url],
      ['b', bad.url],
    ] as const) {
      const agent = await call('POST', '/api/agents', { name: `Agent ${key}` });
      await call('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${url}/hook`, headers: [], events: ['message.user'] });
      for (let i = 0; i < 20; i++)
        sessions[key].push((await call('POST', '/api/sessions', { agentId: agent.id, channel: 'web', customerId: `iso-${key}-${i}` })).id);
    }
    let n = 0;
    /** Open loop: sends on a fixed schedule whatever the answers, latency measured from the schedule. */
    const phase = async (withB: boolean) => {
      latencies.length = 0;
      const start = performance.now();
      const total = RATE * SECONDS;
      const inflight: Array<Promise<unknown>> = [];
      for (let i = 0; i < total; i++) {
        const due = start + (i * 1000) / RATE;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const text = `iso${n++}`;
        sent.set(text, due);
        inflight.push(call('POST', `/api/sessions/${sessions.a[i % 20]}/messages`, { text, role: 'user' }));
        if (withB) inflight.push(call('POST', `/api/sessions/${sessions.b[i % 20]}/messages`, { text: `bad${n}`, role: 'user' }));
      }
      await Promise.all(inflight);
      const deadline = Date.now() + 30_000;
      while (latencies.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const sorted = [...latencies].sort((x, y) => x - y);
      return { delivered: sorted.length, total, p50: pct(sorted, 50), p99: pct(sorted, 99) };
    };
    log(`isolation: ${RATE} msg/s to each agent for ${SECONDS} s per phase`);
    const base = await phase(false);
    log(`  A alone:            p50 ${base.p50.toFixed(1)} ms, p99 ${base.p99.toFixed(1)} ms (${base.delivered}/${base.total})`);
    bad.set('hang');
    const hang = await phase(true);
    log(`  B hanging:          p50 ${hang.p50.toFixed(1)} ms, p99 ${hang.p99.toFixed(1)} ms (${hang.delivered}/${hang.total})`);
    bad.set('slow');
    const slow = await phase(true);
    log(`  B answering in 3 s: p50 ${slow.p50.toFixed(1)} ms, p99 ${slow.p99.toFixed(1)} ms (${slow.delivered}/${slow.total})`);
    const rows = [
      ['phase', 'A delivered', 'A p50 ms', 'A p99 ms', 'p99 × baseline'],
      ['A alone (baseline)', `${base.delivered}/${base.total}`, base.p50.toFixed(1), base.p99.toFixed(1), '1.00'],
      ['B hanging', `${hang.delivered}/${hang.total}`, hang.p50.toFixed(1), hang.p99.toFixed(1), (hang.p99 / base.p99).toFixed(2)],
      ['B answering after 3 s', `${slow.delivered}/${slow.total}`, slow.p50.toFixed(1), slow.p99.toFixed(1), (slow.p99 / base.p99).toFixed(2)],
    ];
    const md = rows.map((r, i) => `| ${r.join(' | ')} |${i === 0 ? `\n|${r.map(() => ' --- ').join('|')}|` : ''}`).join('\n');
    console.log(md);
    fs.writeFileSync('bench/isolation-results.md', `${md}\n`);
    const ok = hang.delivered === hang.total && slow.delivered === slow.total && [hang, slow].every((p) => p.p99 <= Math.max(3 * base.p99, 1000));
    if (!ok) {
      log('isolation target missed: A lost deliveries, or its p99 went above 3× its baseline and 1 s');
      process.exitCode = 1;
    }
  } finally {
    await pool.close();
    await stopChild(herald);
    await healthy.close();
    await bad.close();
    killAll();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
