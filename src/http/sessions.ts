import { Type } from 'typebox';
import { messageDto } from '../core/messages.js';
import { ALL_ROLES, WRITER_ROLES } from '../core/principal.js';
import { sessionDto } from '../core/sessions.js';
import type { MessageRole, SessionChannel, SessionStatus } from '../store/schema.js';
import type { Services } from '../services.js';
import { guard, who } from './auth.js';
import { errors, ok } from './openapi.js';
import { Channel, Id, IdParams, IdempotencyHeaders, Limit, Status, Strict, Text } from './schemas.js';
import type { App } from './types.js';

const readers = { server: true, customer: true, roles: ALL_ROLES } as const;
const writers = { server: true, customer: true, roles: WRITER_ROLES } as const;
const staff = { server: true, roles: WRITER_ROLES } as const;

export function sessionRoutes(app: App, services: Pick<Services, 'messages' | 'sessions'>): void {
  app.post(
    '/api/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Start a session (conversation)',
        operationId: 'createSession',
        headers: IdempotencyHeaders,
        response: { 201: ok('Session', 'Created, status "bot".'), ...errors(422) },
        body: Strict({ agentId: Id, channel: Type.Optional(Channel), customerId: Type.Optional(Id), departmentId: Type.Optional(Id) }),
      },
      preHandler: guard({ server: true, customer: true }),
    },
    async (req, reply) => {
      const body = req.body as { agentId: string; channel?: SessionChannel; customerId?: string; departmentId?: string };
      return reply.status(201).send(sessionDto(await services.sessions.create(body, who(req))));
    },
  );

  app.get(
    '/api/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'List sessions, newest first (a customer sees only their own)',
        operationId: 'listSessions',
        response: { 200: ok('SessionPage') },
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
      const page = await services.sessions.list({ ...q, limit: q.limit ?? 50 }, who(req));
      return { items: page.items.map(sessionDto), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/workspace/badge',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Count of active conversations (the operator badge)',
        operationId: 'getWorkspaceBadge',
        response: { 200: ok('Badge') },
      },
      preHandler: guard({ server: true, roles: WRITER_ROLES }),
    },
    async () => ({
      activeConversations: await services.sessions.activeCount(),
    }),
  );

  app.get(
    '/api/sessions/:id',
    {
      schema: { tags: ['sessions'], summary: 'Get a session', operationId: 'getSession', params: IdParams, response: { 200: ok('Session'), ...errors(404) } },
      preHandler: guard(readers),
    },
    async (req) => sessionDto(await services.sessions.get(req.params.id, who(req))),
  );

  app.post(
    '/api/sessions/:id/transfer',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Transfer a session to a department or an operator (status "waiting")',
        operationId: 'transferSession',
        response: { 200: ok('Session'), ...errors(404, 409, 422) },
        params: IdParams,
        body: Strict({ departmentId: Type.Optional(Id), operatorId: Type.Optional(Id) }),
      },
      preHandler: guard(staff),
    },
    async (req) => sessionDto(await services.sessions.transfer(req.params.id, req.body, who(req))),
  );

  app.post(
    '/api/sessions/:id/assign',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Assign a session to an operator (status "assigned")',
        operationId: 'assignSession',
        params: IdParams,
        body: Strict({ operatorId: Id }),
        response: { 200: ok('Session'), ...errors(404, 409, 422) },
      },
      preHandler: guard(staff),
    },
    async (req) => sessionDto(await services.sessions.assign(req.params.id, req.body.operatorId, who(req))),
  );

  app.post(
    '/api/sessions/:id/resolve',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Resolve a session',
        operationId: 'resolveSession',
        params: IdParams,
        response: { 200: ok('Session'), ...errors(404, 409) },
      },
      preHandler: guard(staff),
    },
    async (req) => sessionDto(await services.sessions.resolve(req.params.id, who(req))),
  );

  app.post(
    '/api/sessions/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'Post a message (role follows the credential; see description)',
        description: 'Customer token → role "user"; server key → "assistant" (default), "operator" (+operatorId) or "system"; operator cookie → "operator".',
        operationId: 'postMessage',
        headers: IdempotencyHeaders,
        response: { 201: ok('Message', 'Created.'), ...errors(404, 422) },
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
      return reply.status(201).send(messageDto(await services.messages.post(req.params.id, body, who(req))));
    },
  );

  app.get(
    '/api/sessions/:id/messages',
    {
      schema: {
        tags: ['messages'],
        summary: 'List messages after a sequence number (polling)',
        operationId: 'listMessages',
        response: { 200: ok('MessageList'), ...errors(404) },
        params: IdParams,
        querystring: Strict({ after: Type.Optional(Type.Integer({ minimum: 0 })), limit: Type.Optional(Limit) }),
      },
      preHandler: guard(readers),
    },
    async (req) => {
      const items = await services.messages.list(req.params.id, { after: req.query.after ?? 0, limit: req.query.limit ?? 50 }, who(req));
      return { items: items.map(messageDto) };
    },
  );
}
