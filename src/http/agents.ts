import { Type } from 'typebox';
import { agentDto } from '../core/agents.js';
import { ALL_ROLES, MANAGER_ROLES } from '../core/principal.js';
import type { Services } from '../services.js';
import { guard } from './auth.js';
import { errors, noContent, ok } from './openapi.js';
import { IdParams, Strict } from './schemas.js';
import type { App } from './types.js';

const Name = Type.String({ minLength: 1, maxLength: 200 });

export function agentRoutes(app: App, services: Pick<Services, 'agents'>): void {
  const managers = guard({ server: true, roles: MANAGER_ROLES });
  app.post(
    '/api/agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'Create an agent',
        operationId: 'createAgent',
        body: Strict({ name: Name }),
        response: { 201: ok('Agent', 'Created.') },
      },
      preHandler: managers,
    },
    async (req, reply) => reply.status(201).send(agentDto(await services.agents.create(req.body.name), false)),
  );
  app.get(
    '/api/agents',
    {
      schema: {
        tags: ['agents'],
        summary: 'List agents',
        operationId: 'listAgents',
        querystring: Strict({ hasPushConfig: Type.Optional(Type.Boolean()) }),
        response: { 200: ok('AgentList') },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => ({
      items: (await services.agents.list({ hasPushConfig: req.query.hasPushConfig })).map((a) => agentDto(a.agent, a.hasPushConfig)),
    }),
  );
  app.get(
    '/api/agents/:id',
    {
      schema: { tags: ['agents'], summary: 'Get an agent', operationId: 'getAgent', params: IdParams, response: { 200: ok('Agent'), ...errors(404) } },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const a = await services.agents.get(req.params.id);
      return agentDto(a.agent, a.hasPushConfig);
    },
  );
  app.patch(
    '/api/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Rename an agent',
        operationId: 'updateAgent',
        params: IdParams,
        body: Strict({ name: Name }),
        response: { 200: ok('Agent'), ...errors(404) },
      },
      preHandler: managers,
    },
    async (req) => {
      await services.agents.rename(req.params.id, req.body.name);
      const a = await services.agents.get(req.params.id);
      return agentDto(a.agent, a.hasPushConfig);
    },
  );
  app.delete(
    '/api/agents/:id',
    {
      schema: {
        tags: ['agents'],
        summary: 'Delete an agent without sessions',
        operationId: 'deleteAgent',
        params: IdParams,
        response: { 204: noContent('Deleted.'), ...errors(404, 409) },
      },
      preHandler: managers,
    },
    async (req, reply) => {
      await services.agents.delete(req.params.id);
      return reply.status(204).send();
    },
  );
}
