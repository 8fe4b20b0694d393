import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
      await new Promise((r) => setTimeout(r, 250)); // a few heartbeats renew the lease
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
});
