import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'kysely';
import type { DestinationBook } from './engine/destination-book.js';
import type { InFlightLimiter } from './engine/in-flight-limiter.js';
import type { Store } from './store/db.js';
import { asSystem } from './store/workspace-scope.js';

/** Prometheus metrics, one registry per Herald instance (tests build many). */
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'herald_' });
  return {
    registry,
    httpRequests: new Counter({
      name: 'herald_http_requests_total',
      help: 'HTTP requests by method, route and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers: [registry],
    }),
    deliveries: new Counter({
      name: 'herald_deliveries_total',
      help: 'Delivery state changes by channel and resulting status',
      labelNames: ['channel', 'status'] as const,
      registers: [registry],
    }),
    attemptLatency: new Histogram({
      name: 'herald_delivery_attempt_seconds',
      help: 'Provider call latency per attempt',
      labelNames: ['channel'] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

/**
 * Gauges read when Prometheus scrapes: pending deliveries by state (a growing `ready` means the
 * workers fall behind), and per destination whether its circuit is open and what is in flight.
 */
export function registerEngineGauges(metrics: Metrics, deps: { store: Store; book: DestinationBook; limiter: InFlightLimiter }): void {
  new Gauge({
    name: 'herald_queue_jobs',
    help: 'Pending deliveries by state (ready: due now; delayed: due later; active: being sent)',
    labelNames: ['state'] as const,
    registers: [metrics.registry],
    async collect() {
      const now = Date.now();
      // The instance's queue: every workspace's deliveries together.
      const row = await asSystem(() =>
        deps.store.db
          .selectFrom('deliveries')
          .select([
            sql<number>`sum(case when next_attempt_at <= ${now} then 1 else 0 end)`.as('ready'),
            sql<number>`sum(case when next_attempt_at > ${now} then 1 else 0 end)`.as('delayed'),
          ])
          .where('next_attempt_at', 'is not', null)
          .where('status', '!=', 'sending')
          .executeTakeFirst(),
      );
      const active = await asSystem(() =>
        deps.store.db
          .selectFrom('deliveries')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('status', '=', 'sending')
          .executeTakeFirst(),
      );
      this.set({ state: 'ready' }, Number(row?.ready ?? 0));
      this.set({ state: 'delayed' }, Number(row?.delayed ?? 0));
      this.set({ state: 'active' }, Number(active?.n ?? 0));
    },
  });
  new Gauge({
    name: 'herald_destination_open',
    help: 'Whether the destination circuit is open (1) or not (0)',
    labelNames: ['destination'] as const,
    registers: [metrics.registry],
    collect() {
      this.reset();
      for (const key of deps.book.keys()) this.set({ destination: key }, deps.book.get(key).state === 'healthy' ? 0 : 1);
    },
  });
  new Gauge({
    name: 'herald_destination_in_flight',
    help: 'Attempts in flight per destination, across all processes',
    labelNames: ['destination'] as const,
    registers: [metrics.registry],
    async collect() {
      this.reset();
      const keys = deps.book.keys();
      for (const [key, n] of await deps.limiter.inFlightEverywhere(keys)) this.set({ destination: key }, n);
    },
  });
}
