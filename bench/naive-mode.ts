/**
 * Runs the naive Fastify → BullMQ → undici baseline (naive-bullmq.ts) in its own process and
 * measures it exactly like Herald, against the same sink.
 */
import path from 'node:path';
import { Pool } from 'undici';
import { freePort, spawnChild, stopChild, waitHttpOk } from './children.js';
import { freshRedis } from './databases.js';
import { cleanEnv } from './herald-mode.js';
import { measureSystem, type SystemResult } from './measure.js';
import type { BenchOptions } from './options.js';
import type { Sink } from './sink.js';

export async function runNaiveMode(sink: Sink, opts: BenchOptions, log: (line: string) => void): Promise<SystemResult & { processes: string[] }> {
  const redis = await freshRedis(opts.redisUrl!);
  const port = await freePort();
  const env = { ...cleanEnv(), NAIVE_PORT: String(port), NAIVE_REDIS_URL: opts.redisUrl, NAIVE_CONCURRENCY: '64' };
  const args = [...(opts.profile ? ['--inspect=127.0.0.1:0'] : []), 'dist/bench/naive-bullmq.js'];
  const child = spawnChild('naive', args, env, path.join(opts.outDir, 'logs', 'naive-bullmq.log'));
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: opts.concurrency, keepAliveTimeout: 120_000 });
  try {
    const inspectors = new Map<string, string>();
    if (opts.profile) inspectors.set('naive', (await child.waitForStderr(/Debugger listening on (ws:\/\/\S+)/, 30_000))[1]!);
    await waitHttpOk(`http://127.0.0.1:${port}/health`, [child], 60_000);
    let next = 0;
    const send = async (id: string) => {
      const target = `${sink.origins[next++ % sink.origins.length]}/hook`;
      const res = await pool.request({
        path: '/messages',
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: id, target }),
      });
      const text = await res.body.text();
      if (res.statusCode !== 201) throw new Error(`naive POST /messages → ${res.statusCode} ${text.slice(0, 300)}`);
    };
    const result = await measureSystem('naive-bullmq', { processes: [child], send, redis, inspectors }, sink, opts, log);
    return { ...result, processes: [`naive (pid ${child.pid})`] };
  } finally {
    await pool.close();
    await stopChild(child);
    redis.disconnect();
  }
}
