import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { InFlightLimiter, Slot } from './in-flight-limiter.js';

/**
 * In-flight caps shared by every process of a cluster. Each destination is a sorted set of slot
 * tokens scored by lease expiry: a process that dies without releasing its slots loses them when
 * the lease passes, so a crash cannot shrink a destination's cap for good.
 */
const ACQUIRE = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
local free = tonumber(ARGV[3]) - redis.call('ZCARD', KEYS[1])
local n = math.min(free, #ARGV - 3)
for i = 1, n do redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3 + i]) end
if n < 0 then return 0 end
redis.call('PEXPIRE', KEYS[1], 600000)
return n
`;

export function createRedisLimiter(opts: { url: string; prefix?: string; leaseMs: number; onError?: (err: unknown) => void }): InFlightLimiter {
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 2 });
  redis.on('error', opts.onError ?? (() => {}));
  const prefix = `${opts.prefix ?? 'herald'}:inflight:`;
  const node = randomUUID().slice(0, 8);
  let seq = 0;
  const local = new Map<string, number>();
  return {
    async acquire(destination, wanted, cap) {
      if (wanted <= 0) return [];
      const now = Date.now();
      const tokens = Array.from({ length: wanted }, () => `${node}:${++seq}`);
      let n: number;
      try {
        n = Number(await redis.eval(ACQUIRE, 1, prefix + destination, String(now), String(now + opts.leaseMs), String(cap), ...tokens));
      } catch (err) {
        opts.onError?.(err);
        return [];
      }
      const granted = tokens.slice(0, Math.max(0, n));
      if (granted.length) local.set(destination, (local.get(destination) ?? 0) + granted.length);
      return granted;
    },
    release(destination, slots: Slot[]) {
      if (slots.length === 0) return;
      const left = (local.get(destination) ?? 0) - slots.length;
      if (left > 0) local.set(destination, left);
      else local.delete(destination);
      redis.zrem(prefix + destination, ...slots.map(String)).catch((err) => opts.onError?.(err));
    },
    inFlight: (destination) => local.get(destination) ?? 0,
    async inFlightEverywhere(destinations) {
      const now = Date.now();
      const pipe = redis.pipeline();
      for (const d of destinations) pipe.zcount(prefix + d, `(${now}`, '+inf');
      const results = (await pipe.exec()) ?? [];
      return new Map(destinations.map((d, i) => [d, Number(results[i]?.[1] ?? 0)]));
    },
    async tryProbe(destination, ttlMs) {
      try {
        return (await redis.set(`${prefix}probe:${destination}`, node, 'PX', ttlMs, 'NX')) === 'OK';
      } catch (err) {
        opts.onError?.(err);
        return false;
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
