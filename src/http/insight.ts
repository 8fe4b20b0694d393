import { Type } from 'typebox';
import { ALL_ROLES, MANAGER_ROLES } from '../core/principal.js';
import type { AnalyticsService } from '../engine/analytics.js';
import type { ExplainService } from '../engine/explain.js';
import { HeraldError } from '../errors.js';
import { guard } from './auth.js';
import { errors, ok } from './openapi.js';
import { Id, Strict } from './schemas.js';
import type { App } from './types.js';

const DAY_MS = 86_400_000;

/** "Why was I (not) notified?" and delivery analytics (CONTRACT §13). */
export function insightRoutes(app: App, s: { explain: ExplainService; analytics: AnalyticsService }): void {
  app.get(
    '/api/events/:id/explain',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Explain the routing decisions an event caused: every candidate, channel, decision, rule and reason',
        description: "The id of an event (a delivery's `eventId`), or of a message (the event it caused).",
        operationId: 'explainEvent',
        params: Strict({ id: Id }),
        response: { 200: ok('Explanation'), ...errors(404) },
      },
      preHandler: guard({ server: true, roles: MANAGER_ROLES }),
    },
    async (req) => s.explain.explain(req.params.id),
  );
  app.get(
    '/api/analytics/deliveries',
    {
      schema: {
        tags: ['deliveries'],
        summary: 'Delivery volume by status over time, success rate by channel and destination, latency percentiles',
        operationId: 'deliveryAnalytics',
        querystring: Strict({
          from: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date-time; default: 24 hours before `to`.' })),
          to: Type.Optional(Type.String({ maxLength: 40, description: 'ISO 8601 date-time; default: now.' })),
          bucket: Type.Optional(Type.Union([Type.Literal('minute'), Type.Literal('hour'), Type.Literal('day')], { description: 'Default: hour.' })),
          channel: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
        }),
        response: { 200: ok('DeliveryAnalytics') },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const q = req.query;
      const to = q.to ? Date.parse(q.to) : Date.now();
      const from = q.from ? Date.parse(q.from) : to - DAY_MS;
      if (Number.isNaN(from) || Number.isNaN(to)) throw new HeraldError('VALIDATION', '`from` and `to` must be ISO 8601 date-times.');
      return s.analytics.deliveries({ from, to, bucket: q.bucket ?? 'hour', channel: q.channel });
    },
  );
}
