import { Type } from 'typebox';
import { messageDto } from '../core/messages.js';
import { ALL_ROLES, WRITER_ROLES } from '../core/principal.js';
import { sessionDto } from '../core/sessions.js';
import type { MessageRole, SessionChannel, SessionStatus } from '../store/schema.js';
import type { Services } from '../services.js';
import { guard, who } from './auth.js';
import { Channel, Id, IdParams, Limit, Status, Strict, Text } from './schemas.js';
import type { App } from './types.js';

const readers = { server: true, customer: true, roles: ALL_ROLES } as const;
const writers = { server: true, customer: true, roles: WRITER_ROLES } as const;
const staff = { server: true, roles: WRITER_ROLES } as const;

export function sessionRoutes(app: App, s: Services): void {
  app.post(
    '/api/sessions',
    {
      schema: {
        tags: ['sessions'],
        body: Strict({ agentId: Id, channel: Type.Optional(Channel), customerId: Type.Optional(Id), departmentId: Type.Optional(Id) }),
      },
      preHandler: guard({ server: true, customer: true }),
    },
    async (req, reply) => {
      const body = req.body as { agentId: string; channel?: SessionChannel; customerId?: string; departmentId?: string };
      return reply.status(201).send(sessionDto(await s.sessions.create(body, who(req))));
    },
  );

  app.get(
    '/api/sessions',
    {
      schema: {
        tags: ['sessions'],
        querystring: Strict({
          channel: Type.Optional(Channel),
          status: Type.Optional(Status),
          customerId: Type.Optional(Id),
          agentId: Type.Optional(Id),
          limit: Type.Optional(Limit),
          cursor: Type.Optional(Id),
        }),
      },
      preHandler: guard(readers),
    },
    async (req) => {
      const q = req.query as { channel?: SessionChannel; status?: SessionStatus; customerId?: string; agentId?: string; limit?: number; cursor?: string };
      const page = await s.sessions.list({ ...q, limit: q.limit ?? 50 }, who(req));
      return { items: page.items.map(sessionDto), nextCursor: page.nextCursor };
    },
  );

  app.get('/api/workspace/badge', { schema: { tags: ['sessions'] }, preHandler: guard({ server: true, roles: WRITER_ROLES }) }, async () => ({
    activeConversations: await s.sessions.activeCount(),
  }));

  app.get('/api/sessions/:id', { schema: { tags: ['sessions'], params: IdParams }, preHandler: guard(readers) }, async (req) =>
    sessionDto(await s.sessions.get(req.params.id, who(req))),
  );

  app.post(
    '/api/sessions/:id/transfer',
    {
      schema: {
        tags: ['sessions'],
        params: IdParams,
        body: Strict({ departmentId: Type.Optional(Id), operatorId: Type.Optional(Id) }),
      },
      preHandler: guard(staff),
    },
    async (req) => sessionDto(await s.sessions.transfer(req.params.id, req.body, who(req))),
  );

  app.post(
    '/api/sessions/:id/assign',
    { schema: { tags: ['sessions'], params: IdParams, body: Strict({ operatorId: Id }) }, preHandler: guard(staff) },
    async (req) => sessionDto(await s.sessions.assign(req.params.id, req.body.operatorId, who(req))),
  );

  app.post('/api/sessions/:id/resolve', { schema: { tags: ['sessions'], params: IdParams }, preHandler: guard(staff) }, async (req) =>
    sessionDto(await s.sessions.resolve(req.params.id, who(req))),
  );

  app.post(
    '/api/sessions/:id/messages',
    {
      schema: {
        tags: ['messages'],
        params: IdParams,
        body: Strict({
          text: Text(),
          role: Type.Optional(Type.Union(['user', 'assistant', 'operator', 'system'].map((r) => Type.Literal(r)))),
          operatorId: Type.Optional(Id),
        }),
      },
      preHandler: guard(writers),
    },
    async (req, reply) => {
      const body = req.body as { text: string; role?: MessageRole; operatorId?: string };
      return reply.status(201).send(messageDto(await s.messages.post(req.params.id, body, who(req))));
    },
  );

  app.get(
    '/api/sessions/:id/messages',
    {
      schema: {
        tags: ['messages'],
        params: IdParams,
        querystring: Strict({ after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Limit) }),
      },
      preHandler: guard(readers),
    },
    async (req) => {
      const items = await s.messages.list(req.params.id, { after: req.query.after ?? 0, limit: req.query.limit ?? 50 }, who(req));
      return { items: items.map(messageDto) };
    },
  );
}
