import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../../test/helpers/eventually.js';
import { type TestRedis, startRedis } from '../../test/helpers/redis.js';
import { busContract } from './bus.contract.js';
import { createRedisBus } from './redis-bus.js';

describe('redis bus', () => {
  let redis: TestRedis;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  busContract(() => ({ open: (presenceTtlMs) => createRedisBus({ url: redis.url, presenceTtlMs, prefix: 'test' }) }), { shared: true });

  it('knows whether anyone in the cluster listens to a topic, and learns of a new listener at once', async () => {
    const topic = `t-${randomUUID()}`;
    const a = createRedisBus({ url: redis.url, prefix: 'test', presenceTtlMs: 5000 });
    const b = createRedisBus({ url: redis.url, prefix: 'test', presenceTtlMs: 5000 });
    try {
      // Nobody listens: after its first count, A stops publishing the topic.
      a.listening!(topic);
      await eventually(() => a.listening!(topic) === false);
      // B starts listening: A hears it on the control channel, long before its next count.
      const got: unknown[] = [];
      const off = b.subscribe(topic, (m) => got.push(m));
      await eventually(() => a.listening!(topic) === true, 500);
      await a.publish(topic, { n: 1 });
      await eventually(() => got.length === 1);
      // B stops: A's next count (at most a second later) finds nobody again.
      off();
      await eventually(() => a.listening!(topic) === false, 5000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it("lets a crashed process's streams lapse after two heartbeats", async () => {
    const id = randomUUID();
    // A real crash: another process opens a stream, then is killed without any chance to clean up.
    const script = `
      import { createRedisBus } from './src/bus/redis-bus.ts';
      const bus = createRedisBus({ url: ${JSON.stringify(redis.url)}, presenceTtlMs: 1000, prefix: 'test', heartbeatMs: 100 });
      bus.presence.connect('customer', ${JSON.stringify(id)});
      await bus.presence.onlineIds('customer');
      console.log('ready');
    `;
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
    });
    const bus = createRedisBus({ url: redis.url, presenceTtlMs: 1000, prefix: 'test' });
    try {
      expect(await bus.presence.isOnline('customer', id)).toBe(true);
      // Watch the child's heartbeats renew its lease (the score of its entry) a few times.
      const watcher = new Redis(redis.url);
      try {
        // Customers are kept per workspace (bus.ts customersPerWorkspace): outside any scope, `default`.
        const leaseEnd = async () => Number((await watcher.zrange(`test:presence:customer:nodes:default:${id}`, 0, 0, 'WITHSCORES'))[1]);
        for (let i = 0, seen = await leaseEnd(); i < 2; i++) seen = await eventually(async () => ((await leaseEnd()) > seen ? leaseEnd() : false), 2000);
      } finally {
        watcher.disconnect();
      }
      const seenOnline = Date.now();
      expect(await bus.presence.isOnline('customer', id)).toBe(true);
      const killed = Date.now();
      child.kill('SIGKILL');
      while (await bus.presence.isOnline('customer', id)) {
        expect(Date.now() - killed).toBeLessThan(2000);
        await new Promise((r) => setTimeout(r, 10));
      }
      // Offline since the lease lapsed: after it was last seen valid, within two heartbeats of the kill.
      const since = (await bus.presence.offlineSince('customer', id))!;
      expect(since).toBeGreaterThan(seenOnline);
      expect(since).toBeLessThanOrEqual(killed + 200);
      expect(await bus.presence.onlineIds('customer')).not.toContain(id);
    } finally {
      child.kill('SIGKILL');
      await bus.close();
    }
  });

  it('carries on after Redis restarts empty: fails fast while it is away, then restores presence and subscriptions at once', async () => {
    const id = randomUUID();
    // Heartbeats far apart: only the reconnection can bring the stream's presence back in time.
    const a = createRedisBus({ url: redis.url, presenceTtlMs: 1000, prefix: 'test', heartbeatMs: 60_000 });
    const b = createRedisBus({ url: redis.url, presenceTtlMs: 1000, prefix: 'test', heartbeatMs: 60_000 });
    try {
      const seen: unknown[] = [];
      a.subscribe(`restart:${id}`, (m) => seen.push(m));
      a.presence.connect('customer', id);
      // connect() announces the stream in the background; b sees it once the write lands.
      await eventually(() => b.presence.isOnline('customer', id), 5000, 20);

      await redis.restart(async () => {
        // While Redis is away: reads say so at once, publishing neither waits nor throws.
        const error = await eventually(
          () =>
            b.presence.isOnline('customer', id).then(
              () => undefined,
              (e: Error) => e,
            ),
          5000,
          20,
        );
        // Either it was already known to be away, or a read caught mid-disconnection gave up after its retries.
        expect(error.message).toMatch(/Redis is not reachable|max retries per request/);
        const started = Date.now();
        await b.publish(`restart:${id}`, 'lost');
        expect(Date.now() - started).toBeLessThan(100);
      });

      // The new Redis knows nothing; a's open stream is announced again on reconnection.
      await eventually(() => b.presence.isOnline('customer', id).catch(() => false), 5000, 20);
      // a's subscription is back: a message published by b arrives (repeated until the subscriber is in).
      let n = 0;
      await eventually(
        async () => {
          await b.publish(`restart:${id}`, n++);
          return seen.some((m) => typeof m === 'number');
        },
        5000,
        50,
      );
      expect(seen).not.toContain('lost');
    } finally {
      await a.close();
      await b.close();
    }
  });
});
