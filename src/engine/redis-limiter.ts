import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { type InFlightLimiter, type Slot, createLocalLimiter } from './in-flight-limiter.js';

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
  // No offline queue: a command while disconnected fails at once and the local fallback answers.
  const redis = new Redis(opts.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  const fallback = createLocalLimiter();
  // An outage fails every claim round: say so once per 10 s, not hundreds of times a second.
  let lastError = 0;
  const onError = (err: unknown) => {
    if (Date.now() - lastError < 10_000) return;
    lastError = Date.now();
    onError(err);
  };
  redis.on('error', onError);
  const prefix = `${opts.prefix ?? 'herald'}:inflight:`;
  const node = randomUUID().slice(0, 8);
  let seq = 0;
  const counts = new Map<string, number>();
  return {
    async acquire(destination, wanted, cap) {
      if (wanted <= 0) return [];
      const now = Date.now();
      const tokens = Array.from({ length: wanted }, () => `${node}:${++seq}`);
      let n: number;
      try {
        n = Number(await redis.eval(ACQUIRE, 1, prefix + destination, String(now), String(now + opts.leaseMs), String(cap), ...tokens));
      } catch (err) {
        onError(err);
        return (await fallback.acquire(destination, wanted, cap)).map((n) => `local:${n}`);
      }
      const granted = tokens.slice(0, Math.max(0, n));
      if (granted.length) counts.set(destination, (counts.get(destination) ?? 0) + granted.length);
      return granted;
    },
    release(destination, slots: Slot[]) {
      if (slots.length === 0) return;
      const local = slots.filter((x) => String(x).startsWith('local:'));
      if (local.length) {
        fallback.release(destination, local);
        slots = slots.filter((x) => !String(x).startsWith('local:'));
        if (slots.length === 0) return;
      }
      const left = (counts.get(destination) ?? 0) - slots.length;
      if (left > 0) counts.set(destination, left);
      else counts.delete(destination);
      redis.zrem(prefix + destination, ...slots.map(String)).catch((err) => opts.onError?.(err));
    },
    inFlight: (destination) => (counts.get(destination) ?? 0) + fallback.inFlight(destination),
    async inFlightEverywhere(destinations) {
      const now = Date.now();
      try {
        const pipe = redis.pipeline();
        for (const d of destinations) pipe.zcount(prefix + d, `(${now}`, '+inf');
        const results = (await pipe.exec()) ?? [];
        return new Map(destinations.map((d, i) => [d, Number(results[i]?.[1] ?? 0) + fallback.inFlight(d)]));
      } catch {
        return fallback.inFlightEverywhere(destinations);
      }
    },
    async tryProbe(destination, ttlMs) {
      try {
        return (await redis.set(`${prefix}probe:${destination}`, node, 'PX', ttlMs, 'NX')) === 'OK';
      } catch (err) {
        onError(err);
        return true;
      }
    },
    async close() {
      await redis.quit().catch(() => redis.disconnect());
    },
  };
}
