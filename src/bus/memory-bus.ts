import { type Bus, type BusHandler, type Presence, type PresenceKind, customersPerWorkspace } from './bus.js';

export function createMemoryBus(presenceTtlMs: number, now: () => number = Date.now): Bus {
  const handlers = new Map<string, Set<BusHandler>>();
  return {
    async publish(topic, message) {
      for (const h of handlers.get(topic) ?? []) {
        try {
          h(message);
        } catch {
          // A broken subscriber must not stop the others.
        }
      }
    },
    subscribe(topic, handler) {
      let set = handlers.get(topic);
      if (!set) handlers.set(topic, (set = new Set()));
      set.add(handler);
      return () => {
        set.delete(handler);
        if (set.size === 0) handlers.delete(topic);
      };
    },
    listening: (topic) => handlers.has(topic),
    presence: customersPerWorkspace(createMemoryPresence(presenceTtlMs, now)),
    async close() {
      handlers.clear();
    },
  };
}

function createMemoryPresence(ttlMs: number, now: () => number): Presence {
  const streams = new Map<string, number>();
  const lastPoll = new Map<string, number>();
  const lastOnline = new Map<string, number>();
  const key = (kind: PresenceKind, id: string) => `${kind}:${id}`;
  const online = (k: string) => (streams.get(k) ?? 0) > 0 || now() - (lastPoll.get(k) ?? -Infinity) < ttlMs;
  return {
    connect(kind, id) {
      const k = key(kind, id);
      streams.set(k, (streams.get(k) ?? 0) + 1);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        const n = (streams.get(k) ?? 1) - 1;
        if (n <= 0) streams.delete(k);
        else streams.set(k, n);
        lastOnline.set(k, now());
      };
    },
    async touch(kind, id) {
      const k = key(kind, id);
      lastPoll.set(k, now());
      lastOnline.set(k, now() + ttlMs);
    },
    async isOnline(kind, id) {
      return online(key(kind, id));
    },
    async offlineSince(kind, id) {
      const k = key(kind, id);
      if (online(k)) return undefined;
      return lastOnline.get(k);
    },
    async onlineIds(kind) {
      const ids = new Set<string>();
      for (const k of [...streams.keys(), ...lastPoll.keys()]) {
        if (k.startsWith(`${kind}:`) && online(k)) ids.add(k.slice(kind.length + 1));
      }
      return [...ids];
    },
  };
}
