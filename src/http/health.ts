import { ping } from '../store/db.js';
import type { Services } from '../services.js';
import type { App } from './types.js';

export function healthRoutes(app: App, s: Services): void {
  app.get('/api/health', { schema: { tags: ['health'] } }, async () => ({ status: 'ok', version: s.version }));
  app.get('/api/ready', { schema: { tags: ['health'] } }, async (_req, reply) => {
    try {
      await ping(s.store.db);
      return { status: 'ready', database: s.store.caps.dialect };
    } catch {
      return reply.status(503).send({ error: { code: 'HERALD_NOT_READY', message: 'The database is not reachable.' } });
    }
  });
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) => {
    reply.header('content-type', s.metrics.registry.contentType);
    return s.metrics.registry.metrics();
  });
}
