import type { Redis } from 'ioredis';
import type { Presence, PresenceKind } from './bus.js';

export interface RedisPresenceOptions {
  redis: Redis;
  prefix: string;
  /** How long a poll keeps the user online. */
  ttlMs: number;
  /** How often this process renews its open streams; a crashed process's streams lapse after 2×. */
  heartbeatMs: number;
  /** Unique per process. */
  nodeId: string;
  /** False while the connection to Redis is lost: reads fail at once instead of waiting for it. */
  available?: () => boolean;
  onError: (err: unknown) => void;
}

/**
 * Presence shared by every process through Redis (needs Redis ≥ 6.2 for ZADD GT).
 *
 * Keys, per kind and user id:
 * - `…:presence:<kind>:nodes:<id>` — sorted set: process id → time its streams stop counting.
 *   A process adds itself when its first stream for the user opens, renews the score every
 *   heartbeat, and removes itself when its last stream closes. A process that dies stops renewing,
 *   so its entry lapses after 2 heartbeats, and its score is then exactly when the user went
 *   offline (it is kept for offlineSince and pruned the next time the user connects).
 * - `…:presence:<kind>:user:<id>` — hash: `left` (when a process's last stream closed) and
 *   `pollUntil` (last poll + TTL). Kept without expiry: "offline since long ago" and "never seen"
 *   lead the email rules to different answers.
 * - `…:presence:<kind>:active` — sorted set: user id → latest lease or poll expiry; the
 *   candidates for onlineIds(), each confirmed against the keys above.
 *
 * Times are the writing process's clock (as elsewhere in Herald, nodes are assumed NTP-synced).
 * Stream counts live in this process's memory; Redis only learns "this process has ≥ 1 stream".
 */
export function createRedisPresence(opts: RedisPresenceOptions): Presence & { close(): Promise<void> } {
  const { redis, ttlMs, nodeId, onError } = opts;
  const leaseMs = 2 * opts.heartbeatMs;
  const base = `${opts.prefix}:presence`;
  const nodesKey = (kind: PresenceKind, id: string) => `${base}:${kind}:nodes:${id}`;
  const userKey = (kind: PresenceKind, id: string) => `${base}:${kind}:user:${id}`;
  const activeKey = (kind: PresenceKind) => `${base}:${kind}:active`;
  const local = new Map<string, { kind: PresenceKind; id: string; count: number }>();
  const pending = new Set<Promise<unknown>>();
  let closed = false;

  // Writes from connect()/release() are fire-and-forget for the caller, but this process's own
  // reads wait for them, so "connect then isOnline" is true even before Redis has answered.
  function track(p: Promise<unknown>): void {
    const tracked = p.catch(onError).finally(() => pending.delete(tracked));
    pending.add(tracked);
  }
  const settled = () => Promise.all([...pending]);

  function leave(kind: PresenceKind, id: string): Promise<unknown> {
    return results(redis.multi().zrem(nodesKey(kind, id), nodeId).hset(userKey(kind, id), 'left', Date.now()).exec());
  }

  function renew(): void {
    if (local.size === 0 || closed) return;
    const now = Date.now();
    const p = redis.pipeline();
    for (const { kind, id } of local.values()) {
      p.zadd(nodesKey(kind, id), now + leaseMs, nodeId);
      p.zadd(activeKey(kind), 'GT', now + leaseMs, id);
    }
    p.zremrangebyscore(activeKey('customer'), '-inf', now);
    p.zremrangebyscore(activeKey('operator'), '-inf', now);
    track(results(p.exec()));
  }
  const heartbeat = setInterval(renew, opts.heartbeatMs);
  heartbeat.unref();
  // Back from a reconnection: Redis may have restarted empty, so this process's open streams are
  // announced again now rather than at the next heartbeat. (Polls and "offline since" times kept
  // only in Redis are lost with its data unless it runs with appendonly.)
  redis.on('ready', renew);

  const available = opts.available ?? (() => true);
  function assertAvailable(): void {
    if (!available()) throw new Error('Redis is not reachable: presence is unknown until it is back.');
  }

  /** Online from Redis' point of view: a live stream lease anywhere, or a poll within the TTL. */
  async function onlineInRedis(pairs: Array<[PresenceKind, string]>, now: number): Promise<boolean[]> {
    const p = redis.pipeline();
    for (const [kind, id] of pairs) {
      p.hget(userKey(kind, id), 'pollUntil');
      p.zrangebyscore(nodesKey(kind, id), `(${now}`, '+inf', 'LIMIT', 0, 1);
    }
    const res = await results(p.exec());
    return pairs.map((_, i) => Number(res[2 * i] ?? 0) > now || (res[2 * i + 1] as string[]).length > 0);
  }

  return {
    connect(kind, id) {
      const k = `${kind}:${id}`;
      const entry = local.get(k);
      if (entry) entry.count++;
      else if (!closed) {
        local.set(k, { kind, id, count: 1 });
        const now = Date.now();
        track(
          results(
            redis
              .multi()
              .zremrangebyscore(nodesKey(kind, id), '-inf', now)
              .zadd(nodesKey(kind, id), now + leaseMs, nodeId)
              .zadd(activeKey(kind), 'GT', now + leaseMs, id)
              .exec(),
          ),
        );
      }
      let released = false;
      return () => {
        if (released || closed) return;
        released = true;
        const e = local.get(k);
        if (!e) return;
        if (--e.count > 0) return;
        local.delete(k);
        track(leave(kind, id));
      };
    },

    async touch(kind, id) {
      // A poll while Redis is away is not recorded (the next one will be); the caller carries on.
      if (!available()) return;
      const until = Date.now() + ttlMs;
      await results(redis.multi().hset(userKey(kind, id), 'pollUntil', until).zadd(activeKey(kind), 'GT', until, id).exec());
    },

    async isOnline(kind, id) {
      if (local.has(`${kind}:${id}`)) return true;
      assertAvailable();
      await settled();
      const [online] = await onlineInRedis([[kind, id]], Date.now());
      return online!;
    },

    async offlineSince(kind, id) {
      if (local.has(`${kind}:${id}`)) return undefined;
      assertAvailable();
      await settled();
      const now = Date.now();
      const [fields, lease] = await results(
        redis.multi().hmget(userKey(kind, id), 'left', 'pollUntil').zrevrange(nodesKey(kind, id), 0, 0, 'WITHSCORES').exec(),
      );
      // The latest of: a stream closing, a poll lapsing, a dead process's lease lapsing.
      const times = [...(fields as Array<string | null>), (lease as string[])[1] ?? null].filter((t) => t !== null).map(Number);
      if (times.length === 0) return undefined;
      const latest = Math.max(...times);
      return latest > now ? undefined : latest;
    },

    async onlineIds(kind) {
      assertAvailable();
      await settled();
      const now = Date.now();
      const ids = new Set<string>();
      for (const e of local.values()) if (e.kind === kind) ids.add(e.id);
      const candidates = (await redis.zrangebyscore(activeKey(kind), `(${now}`, '+inf')).filter((id) => !ids.has(id));
      const online = candidates.length
        ? await onlineInRedis(
            candidates.map((id) => [kind, id]),
            now,
          )
        : [];
      candidates.forEach((id, i) => online[i] && ids.add(id));
      return [...ids];
    },

    async close() {
      clearInterval(heartbeat);
      redis.removeListener('ready', renew);
      closed = true;
      // A clean shutdown ends this process's streams now rather than when their leases lapse.
      for (const { kind, id } of local.values()) track(leave(kind, id));
      local.clear();
      await settled();
    },
  };
}

/** The replies of a pipeline or transaction, or the first command error. */
async function results(exec: Promise<Array<[Error | null, unknown]> | null>): Promise<unknown[]> {
  const res = (await exec) ?? [];
  for (const [err] of res) if (err) throw err;
  return res.map(([, value]) => value);
}
