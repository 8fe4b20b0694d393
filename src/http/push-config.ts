import { Type } from 'typebox';
import { ALL_ROLES, MANAGER_ROLES } from '../core/principal.js';
import { PUSH_CONFIG_EVENTS, pushConfigDto } from '../core/push-configs.js';
import { deliveryDto } from '../engine/deliveries.js';
import type { Services } from '../services.js';
import { guard } from './auth.js';
import { errors, noContent, ok } from './openapi.js';
import { IdParams, Strict } from './schemas.js';
import type { App } from './types.js';

const Body = Strict({
  enabled: Type.Boolean(),
  url: Type.String({ minLength: 8, maxLength: 2048 }),
  headers: Type.Array(
    Strict({
      name: Type.String({ minLength: 1, maxLength: 128 }),
      value: Type.Union([Type.String({ maxLength: 8192 }), Type.Null()]),
      secret: Type.Boolean(),
    }),
    { maxItems: 50 },
  ),
  events: Type.Array(Type.Union(PUSH_CONFIG_EVENTS.map((e) => Type.Literal(e))), { minItems: 1, maxItems: 10 }),
  retry: Type.Optional(Type.Union([Type.Literal('standard'), Type.Literal('none')])),
});

export function pushConfigRoutes(app: App, services: Pick<Services, 'config' | 'deliveries' | 'destinations' | 'events' | 'pushConfigs'>): void {
  const managers = guard({ server: true, roles: MANAGER_ROLES });
  const base = '/api/agents/:id/push-config';

  app.put(
    base,
    {
      schema: {
        tags: ['push-config'],
        summary: "Set an agent's push configuration (outgoing webhook)",
        operationId: 'putPushConfig',
        params: IdParams,
        body: Body,
        response: { 200: ok('PushConfig'), ...errors(404, 422) },
      },
      preHandler: managers,
    },
    async (req) => pushConfigDto(await services.pushConfigs.put(req.params.id, req.body as Parameters<Services['pushConfigs']['put']>[1])),
  );
  app.get(
    base,
    {
      schema: {
        tags: ['push-config'],
        summary: "Get an agent's push configuration (secret header values are null)",
        operationId: 'getPushConfig',
        params: IdParams,
        response: { 200: ok('PushConfigDetail'), ...errors(404) },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const cfg = await services.pushConfigs.get(req.params.id);
      return { ...pushConfigDto(cfg), health: await services.destinations.webhookHealth(cfg.url, cfg.disabled_reason) };
    },
  );
  app.delete(
    base,
    {
      schema: {
        tags: ['push-config'],
        summary: "Delete an agent's push configuration",
        operationId: 'deletePushConfig',
        params: IdParams,
        response: { 204: noContent('Deleted.'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req, reply) => {
      await services.pushConfigs.delete(req.params.id);
      return reply.status(204).send();
    },
  );
  app.get(
    `${base}/secret`,
    {
      schema: {
        tags: ['push-config'],
        summary: 'The signing secret receivers verify with (whsec_…)',
        operationId: 'getPushConfigSecret',
        params: IdParams,
        response: { 200: ok('SigningSecret'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => ({
      signingSecret: await services.pushConfigs.signingSecret(req.params.id),
    }),
  );
  app.post(
    `${base}/rotate-secret`,
    {
      schema: {
        tags: ['push-config'],
        summary: 'Rotate the signing secret (the old one keeps signing for 24 h)',
        operationId: 'rotatePushConfigSecret',
        params: IdParams,
        response: { 200: ok('RotatedSecret'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => services.pushConfigs.rotate(req.params.id),
  );

  // Test-send goes through the engine like any event, then waits briefly to show the receiver's answer.
  app.post(
    `${base}/test`,
    {
      schema: {
        tags: ['push-config'],
        summary: "Send a test event and wait briefly for the receiver's answer",
        description: '`delivery` is null when no outcome arrived within the webhook timeout.',
        operationId: 'testPushConfig',
        params: IdParams,
        response: { 200: ok('TestSendResult'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => {
      const agentId = req.params.id;
      await services.pushConfigs.get(agentId);
      const event = await services.events.raise('push_config.test', { agentId, text: 'This is a test event from Herald.', author: { type: 'system' } });
      const delivery = await services.deliveries.outcome(event.id, services.config.webhookTimeoutMs + 1000);
      return { eventId: event.id, delivery: delivery ? deliveryDto(delivery) : null };
    },
  );
}
