import { Type } from 'typebox';
import { type NewNotification, type NotificationsService, notificationDto } from '../core/notifications.js';
import { ALL_ROLES } from '../core/principal.js';
import { deliveryDto, type DeliveriesService } from '../engine/deliveries.js';
import type { Dispatcher } from '../engine/dispatcher.js';
import { HeraldError, notFound } from '../errors.js';
import { guard, who } from './auth.js';
import { errors, ok } from './openapi.js';
import { Id, IdParams, IdempotencyHeaders, Strict } from './schemas.js';
import type { App } from './types.js';

const Action = Strict({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
  title: Type.String({ minLength: 1, maxLength: 64 }),
  input: Type.Optional(Type.Boolean()),
  destructive: Type.Optional(Type.Boolean()),
});

const Body = Strict({
  customerId: Type.Optional(Id),
  operatorId: Type.Optional(Id),
  category: Type.Union([Type.Literal('chat'), Type.Literal('ticket'), Type.Literal('system')]),
  title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  body: Type.String({ minLength: 1, maxLength: 4000 }),
  data: Type.Optional(
    Strict({
      conversationId: Type.Optional(Id),
      ticketId: Type.Optional(Id),
      csat: Type.Optional(Type.Boolean()),
      url: Type.Optional(Type.String({ maxLength: 2048, pattern: '^https?://' })),
    }),
  ),
  actions: Type.Optional(Type.Array(Action, { maxItems: 3 })),
  idempotencyKey: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  urgent: Type.Optional(Type.Boolean({ description: "Goes at once: bypasses the recipient's quiet hours and the escalation ladder." })),
});

function customerDeliveryDto(d: Parameters<typeof deliveryDto>[0]) {
  const full = deliveryDto(d);
  return { id: full.id, channel: full.channel, status: full.status, attempts: full.attempts, createdAt: full.createdAt, updatedAt: full.updatedAt };
}

export function notificationRoutes(app: App, deps: { notifications: NotificationsService; deliveries: DeliveriesService; dispatcher: Dispatcher }): void {
  const { notifications, deliveries, dispatcher } = deps;

  app.post(
    '/api/notifications',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Send a notification to a customer or an operator',
        description: 'Give exactly one of customerId or operatorId. The answer lists the deliveries it caused (one per device or channel).',
        operationId: 'createNotification',
        headers: IdempotencyHeaders,
        body: Body,
        response: { 202: ok('NotificationCreated', 'Accepted; deliveries planned.'), ...errors(422) },
      },
      preHandler: guard({ server: true }),
    },
    async (req, reply) => {
      const b = req.body;
      if ((b.customerId === undefined) === (b.operatorId === undefined)) {
        throw new HeraldError('VALIDATION', 'Give exactly one of customerId or operatorId.');
      }
      const data: Record<string, string> = {};
      for (const [k, v] of Object.entries(b.data ?? {})) data[k] = String(v);
      const input: NewNotification = {
        recipientType: b.customerId ? 'customer' : 'operator',
        recipientId: (b.customerId ?? b.operatorId)!,
        category: b.category,
        title: b.title,
        body: b.body,
        data,
        actions: b.actions,
        idempotencyKey: b.idempotencyKey,
        sessionId: b.data?.conversationId,
        ...(b.urgent && { urgent: true }),
      };
      const { notification } = await notifications.create(input);
      // Planning is quick (create() woke the dispatcher after its commit); waiting for it lets the
      // answer list the deliveries it caused.
      await dispatcher.idle();
      const planned = await deliveries.list({ notificationId: notification.id, limit: 200 });
      return reply.status(202).send({ id: notification.id, deliveries: planned.items.map(deliveryDto) });
    },
  );

  app.get(
    '/api/notifications/:id',
    {
      schema: {
        tags: ['notifications'],
        summary: 'Get a notification and its deliveries',
        operationId: 'getNotification',
        params: IdParams,
        response: { 200: ok('Notification'), ...errors(404) },
      },
      preHandler: guard({ server: true, customer: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const n = await notifications.get(req.params.id);
      const p = who(req);
      if (p.kind === 'customer' && (n.recipient_type !== 'customer' || n.recipient_id !== p.customerId)) throw notFound('Notification');
      const planned = await deliveries.list({ notificationId: n.id, limit: 200 });
      // A customer sees what happened (delivered, failed …), never a status code, a receiver's answer
      // or a network error: those would turn a registered endpoint into a port scanner.
      const dto = p.kind === 'customer' ? customerDeliveryDto : deliveryDto;
      return { ...notificationDto(n), deliveries: planned.items.map(dto) };
    },
  );
}
