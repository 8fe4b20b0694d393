/**
 * The "afternoon" baseline: what a team would build without Herald — a Fastify route that puts
 * the message on a BullMQ queue, and a BullMQ worker that POSTs it with undici. No durability of
 * its own (a job lives in Redis only), no auth, no attempt log, no signing, no retries to speak of.
 * Run by the bench as its own process (node dist/bench/naive-bullmq.js), configured by:
 * NAIVE_PORT, NAIVE_REDIS_URL, NAIVE_CONCURRENCY.
 */
import { randomUUID } from 'node:crypto';
import { Queue, Worker } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';
import { Pool } from 'undici';

interface Job {
  target: string;
  body: string;
}

const port = Number(process.env.NAIVE_PORT);
const redisUrl = process.env.NAIVE_REDIS_URL!;
const concurrency = Number(process.env.NAIVE_CONCURRENCY ?? 64);
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue<Job>('naive-webhooks', { connection, defaultJobOptions: { removeOnComplete: true, removeOnFail: true } });

const pools = new Map<string, Pool>();
const worker = new Worker<Job>(
  'naive-webhooks',
  async (job) => {
    const url = new URL(job.data.target);
    let pool = pools.get(url.origin);
    if (!pool) pools.set(url.origin, (pool = new Pool(url.origin, { connections: concurrency })));
    const res = await pool.request({ path: url.pathname, method: 'POST', headers: { 'content-type': 'application/json' }, body: job.data.body });
    await res.body.dump();
    if (res.statusCode >= 300) throw new Error(`receiver answered ${res.statusCode}`);
  },
  { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), concurrency },
);
worker.on('error', (err) => console.error('worker error', err));

const app = Fastify();
app.get('/health', async () => ({ ok: true }));
app.post<{ Body: { text: string; target: string } }>('/messages', async (req, reply) => {
  const { text, target } = req.body;
  const body = JSON.stringify({ id: `evt_${randomUUID()}`, event: 'message.user', text, occurredAt: new Date().toISOString() });
  await queue.add('deliver', { target, body });
  return reply.status(201).send({ ok: true });
});
await app.listen({ host: '127.0.0.1', port });

const stop = async () => {
  await app.close();
  await worker.close();
  await queue.close();
  for (const p of pools.values()) await p.close();
  connection.disconnect();
  process.exit(0);
};
process.once('SIGTERM', () => void stop());
process.once('SIGINT', () => void stop());
