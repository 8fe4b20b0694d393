/**
 * Caps the attempts in flight per destination (CONTRACT §10). Embedded: counts in this process.
 * Cluster: counts in Redis (redis-limiter.ts), shared by every process, with leases that lapse
 * when a process dies.
 */
export interface InFlightLimiter {
  /** Takes up to `wanted` slots of `destination` under `cap`; returns the slots granted (maybe none). */
  acquire(destination: string, wanted: number, cap: number): Promise<Slot[]>;
  /** Gives slots back (an attempt ended, or a claim found fewer deliveries than slots). */
  release(destination: string, slots: Slot[]): void;
  /** Attempts in flight for the destination, as far as this limiter can tell cheaply. */
  inFlight(destination: string): number;
  /** In flight across every process (the API's view). */
  inFlightEverywhere(destinations: string[]): Promise<Map<string, number>>;
  /** In a cluster only one process probes an open circuit per interval; embedded: always true. */
  tryProbe(destination: string, ttlMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export type Slot = string | number;

export function createLocalLimiter(): InFlightLimiter {
  const counts = new Map<string, number>();
  return {
    async acquire(destination, wanted, cap) {
      const cur = counts.get(destination) ?? 0;
      const n = Math.max(0, Math.min(wanted, cap - cur));
      if (n > 0) counts.set(destination, cur + n);
      return Array.from({ length: n }, (_, i) => i);
    },
    release(destination, slots) {
      if (slots.length === 0) return;
      const n = (counts.get(destination) ?? 0) - slots.length;
      if (n > 0) counts.set(destination, n);
      else counts.delete(destination);
    },
    inFlight: (destination) => counts.get(destination) ?? 0,
    inFlightEverywhere: async (destinations) => new Map(destinations.map((d) => [d, counts.get(d) ?? 0])),
    tryProbe: async () => true,
    async close() {},
  };
}
