import { MANAGER_ROLES } from '../core/principal.js';
import type { DestinationsView } from '../engine/destinations-view.js';
import { guard } from './auth.js';
import { ok } from './openapi.js';
import type { App } from './types.js';

/** Where attempts go and how each destination is doing (CONTRACT §10). */
export function destinationRoutes(app: App, destinations: DestinationsView): void {
  app.get(
    '/api/destinations',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'List delivery destinations with their circuit state and attempts in flight',
        operationId: 'listDestinations',
        response: { 200: ok('DestinationList') },
      },
      preHandler: guard({ server: true, roles: MANAGER_ROLES }),
    },
    async () => ({ items: await destinations.list() }),
  );
}
