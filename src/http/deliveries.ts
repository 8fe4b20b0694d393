import { Type } from 'typebox';
import { invalid } from '../errors.js';
import { ALL_ROLES, MANAGER_ROLES } from '../core/principal.js';
import { attemptDto, deliveryDto } from '../engine/deliveries.js';
import type { DeliveryStatus } from '../store/schema.js';
import type { Services } from '../services.js';
import { guard } from './auth.js';
import { errors, ok } from './openapi.js';
import { Id, IdParams, Limit, Strict } from './schemas.js';
import type { App } from './types.js';

const StatusFilter = Type.Union(
  ['queued', 'sending', 'retrying', 'delivered', 'failed', 'skipped', 'cancelled', 'held', 'scheduled'].map((s) => Type.Literal(s)),
);

export function deliveryRoutes(app: App, services: Pick<Services, 'deliveries'>): void {
  app.get(
    '/api/deliveries',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'List deliveries, newest first',
        operationId: 'listDeliveries',
        response: { 200: ok('DeliveryPage') },
        querystring: Strict({
          status: Type.Optional(StatusFilter),
          channel: Type.Optional(Type.String({ maxLength: 32 })),
          sessionId: Type.Optional(Id),
          customerId: Type.Optional(Id),
          agentId: Type.Optional(Id),
          eventId: Type.Optional(Id),
          notificationId: Type.Optional(Id),
          from: Type.Optional(Type.String({ maxLength: 40, description: 'Created at or after this time (ISO 8601 date-time).' })),
          to: Type.Optional(Type.String({ maxLength: 40, description: 'Created before this time (ISO 8601 date-time).' })),
          limit: Type.Optional(Limit),
          cursor: Type.Optional(Id),
        }),
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const q = req.query as { status?: DeliveryStatus; limit?: number } & Record<string, string | undefined>;
      const time = (name: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        const ms = Date.parse(v);
        if (Number.isNaN(ms)) throw invalid(`${name} must be a date-time such as 2026-01-31T12:00:00Z.`);
        return ms;
      };
      const page = await services.deliveries.list({ ...q, status: q.status, from: time('from', q.from), to: time('to', q.to), limit: q.limit ?? 50 });
      return { items: page.items.map(deliveryDto), nextCursor: page.nextCursor };
    },
  );
  app.get(
    '/api/deliveries/:id',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Get a delivery with its payload and every attempt',
        operationId: 'getDelivery',
        params: IdParams,
        response: { 200: ok('DeliveryDetail'), ...errors(404) },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const { delivery, attempts } = await services.deliveries.get(req.params.id);
      return { ...deliveryDto(delivery), payload: JSON.parse(await services.deliveries.payload(delivery)) as unknown, attemptLog: attempts.map(attemptDto) };
    },
  );
  app.post(
    '/api/deliveries/:id/retry',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Retry a delivery now',
        operationId: 'retryDelivery',
        params: IdParams,
        response: { 202: ok('Delivery', 'Queued again.'), ...errors(404, 409) },
      },
      preHandler: guard({ server: true, roles: MANAGER_ROLES }),
    },
    async (req, reply) => reply.status(202).send(deliveryDto(await services.deliveries.retry(req.params.id))),
  );
}
