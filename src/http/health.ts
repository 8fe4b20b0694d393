import { ping } from '../store/db.js';
import type { Services } from '../services.js';
import { HeraldError } from '../errors.js';
import { errors, ok, text } from './openapi.js';
import type { App } from './types.js';

export function healthRoutes(app: App, services: Pick<Services, 'metrics' | 'store' | 'version'>): void {
  app.get(
    '/api/health',
    { schema: { tags: ['health'], summary: 'Liveness: the process answers', operationId: 'getHealth', response: { 200: ok('Health') } } },
    async () => ({ status: 'ok', version: services.version }),
  );
  app.get(
    '/api/ready',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the database answers',
        operationId: 'getReady',
        response: { 200: ok('Ready'), ...errors(503) },
      },
    },
    async (_req, _reply) => {
      try {
        await ping(services.store.db);
        return { status: 'ready', database: services.store.caps.dialect };
      } catch {
        throw new HeraldError('NOT_READY', 'The database is not reachable.');
      }
    },
  );
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['health'],
        summary: 'Prometheus metrics',
        operationId: 'getMetrics',
        response: { 200: text('text/plain', 'Prometheus text exposition format (version 0.0.4).') },
      },
    },
    async (_req, reply) => {
      reply.header('content-type', services.metrics.registry.contentType);
      return services.metrics.registry.metrics();
    },
  );
}
