import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Queue } from './queue/queue.js';

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

/** Queue depth by state, read from the queue when Prometheus scrapes: a growing `ready` means workers fall behind. */
export function registerQueueGauge(metrics: Metrics, queue: Queue<unknown>): void {
  new Gauge({
    name: 'herald_queue_jobs',
    help: 'Delivery jobs in the queue by state (ready, delayed, active)',
    labelNames: ['state'] as const,
    registers: [metrics.registry],
    async collect() {
      const s = await queue.stats();
      this.set({ state: 'ready' }, s.ready);
      this.set({ state: 'delayed' }, s.delayed);
      this.set({ state: 'active' }, s.active);
    },
  });
}
