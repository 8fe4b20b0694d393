import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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
