import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Redis } from 'ioredis';
import { type Bus, type BusHandler, customersPerWorkspace } from './bus.js';
import { createRedisPresence } from './redis-presence.js';

export interface RedisBusOptions {
  /** redis:// or rediss:// URL; every process of a cluster points at the same Redis. */
  url: string;
  /** How long a poll keeps a user online. */
  presenceTtlMs: number;
  /** Namespaces channels and keys, so several Heralds (or tests) can share one Redis. */
  prefix?: string;
  /** How often open streams are renewed; a crashed process's streams lapse after twice this. */
  heartbeatMs?: number;
  onError?: (err: unknown) => void;
}

/**
 * The cluster bus: Redis pub/sub, so a message published by any process reaches the SSE streams
 * open on every process, and presence kept in Redis (see redis-presence.ts).
 *
 * Two connections: a subscriber (a connection in subscribe mode can do nothing else) and one for
 * publishing and presence. Each topic with local subscribers is one Redis SUBSCRIBE, so a process
 * only receives the topics its own streams listen to. Local subscribers get their own process's
 * messages back through Redis too, which keeps one order for everyone.
 */
export function createRedisBus(opts: RedisBusOptions): Bus {
  const prefix = opts.prefix ?? 'herald';
  const onError = opts.onError ?? (() => {});
  const channelPrefix = `${prefix}:bus:`;
  // ioredis reconnects by itself (forever, backing off up to 2 s) and resends what was in flight.
  // A command caught in flight by a disconnection fails after two retries instead of twenty.
  const publisher = new Redis(opts.url, { maxRetriesPerRequest: 2 });
  // The bus re-subscribes itself on 'ready' (below), with its errors handled; ioredis' own
  // re-subscription left an unhandled rejection when Redis went away again mid-way.
  const subscriber = new Redis(opts.url, { autoResubscribe: false });
  publisher.on('error', onError);
  subscriber.on('error', onError);
  const handlers = new Map<string, Set<BusHandler>>();
  const pendingSubs = new Set<Promise<unknown>>();
  let closed = false;
  // Set while the publishing connection is lost (from its 'close' until it is 'ready' again).
  // Commands sent meanwhile would wait in ioredis' offline queue through up to 20 reconnection
  // attempts (~10 s): realtime messages are dropped instead and presence reads fail at once, so
  // neither an HTTP request nor a worker waits on a Redis that is away.
  let down = false;
  let dropReported = false;
  publisher.on('close', () => (down = true));
  publisher.on('ready', () => {
    down = false;
    dropReported = false;
  });
  // After a reconnection, subscribe again to every topic with local subscribers (ioredis' own
  // re-subscription is off): this also covers one made (or attempted) while Redis was away,
  // whose command may have been rejected. SUBSCRIBE to a subscribed channel is a no-op.
  // Also on the first 'ready': subscriptions sent while connecting can be lost when ioredis' ready
  // check (INFO) meets a connection already in subscriber mode and reconnects (seen in tests).
  subscriber.on('ready', () => {
    if (!closed) trackSub(subscriber.subscribe(controlChannel, ...[...handlers.keys()].map((t) => channelPrefix + t)));
  });

  const presence = createRedisPresence({
    redis: publisher,
    prefix,
    ttlMs: opts.presenceTtlMs,
    heartbeatMs: opts.heartbeatMs ?? 10_000,
    nodeId: `${os.hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
    available: () => !down,
    onError,
  });

  // Who listens anywhere (listening()): PUBSUB NUMSUB per topic, asked at most once a second, and
  // a process that starts listening to a topic says so on a control channel at once, so the others
  // resume publishing it without waiting for their next count.
  const controlChannel = `${prefix}:bus-listen`;
  const counted = new Map<string, { n: number; at: number; asking: boolean }>();
  function recount(topic: string, entry: { n: number; at: number; asking: boolean }): void {
    if (entry.asking || down || closed) return;
    entry.asking = true;
    publisher
      .pubsub('NUMSUB', channelPrefix + topic)
      .then((r) => {
        entry.n = Number(r[1] ?? 1);
        entry.at = Date.now();
      })
      .catch(onError)
      .finally(() => (entry.asking = false));
  }
  trackSub(subscriber.subscribe(controlChannel));

  subscriber.on('message', (channel: string, raw: string) => {
    if (channel === controlChannel) {
      counted.set(raw, { n: 1, at: Date.now(), asking: false });
      return;
    }
    const set = channel.startsWith(channelPrefix) ? handlers.get(channel.slice(channelPrefix.length)) : undefined;
    if (!set) return;
    let message: unknown;
    try {
      message = JSON.parse(raw);
    } catch (err) {
      onError(err);
      return;
    }
    for (const h of [...set]) {
      try {
        h(message);
      } catch {
        // A broken subscriber must not stop the others.
      }
    }
  });

  // SUBSCRIBE is asynchronous but subscribe() is not: publish() waits for this process's pending
  // subscriptions, so "subscribe, then publish" from one process is never lost.
  function trackSub(p: Promise<unknown>): void {
    const tracked = p.catch(onError).finally(() => pendingSubs.delete(tracked));
    pendingSubs.add(tracked);
  }

  return {
    async publish(topic, message) {
      if (closed) return;
      if (down) {
        // Best effort, as below; said once per outage rather than once per message.
        if (!dropReported) onError(new Error('Redis is not reachable: realtime messages are dropped until it is back'));
        dropReported = true;
        return;
      }
      if (pendingSubs.size) await Promise.all([...pendingSubs]);
      try {
        await publisher.publish(channelPrefix + topic, JSON.stringify(message));
      } catch (err) {
        // Realtime is best effort: the state change being announced is already committed, and
        // the caller (an HTTP request, a worker) must not fail because Redis blinked.
        onError(err);
      }
    },

    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) {
        handlers.set(topic, (set = new Set()));
        if (!closed) trackSub(subscriber.subscribe(channelPrefix + topic).then(() => publisher.publish(controlChannel, topic)));
      }
      const mine = set;
      mine.add(handler);
      return () => {
        if (!mine.delete(handler) || mine.size > 0 || handlers.get(topic) !== mine) return;
        handlers.delete(topic);
        // Commands on one connection run in order, so a quick unsubscribe/subscribe pair ends subscribed.
        if (!closed) trackSub(subscriber.unsubscribe(channelPrefix + topic));
      };
    },

    listening(topic) {
      if (handlers.has(topic)) return true;
      let entry = counted.get(topic);
      if (!entry) counted.set(topic, (entry = { n: 1, at: 0, asking: false }));
      if (Date.now() - entry.at > 1000) recount(topic, entry);
      return entry.n > 0;
    },

    presence: customersPerWorkspace(presence),

    async close() {
      if (closed) return;
      closed = true;
      await presence.close();
      await Promise.all([...pendingSubs]);
      handlers.clear();
      await Promise.allSettled([subscriber.quit(), publisher.quit()]);
    },
  };
}
