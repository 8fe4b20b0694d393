/**
 * Workspaces (CONTRACT §14): an instance admin creates one (and gets its first server key), a
 * caller lists theirs, an admin of a workspace (or its own server key) reads its identity secret
 * to mint customer tokens. Someone else's workspace answers 404, as if it did not exist.
 */
import { Type } from 'typebox';
import { ADMIN_ROLES, ALL_ROLES } from '../core/principal.js';
import { HeraldError, forbidden, notFound } from '../errors.js';
import type { Services } from '../services.js';
import { DEFAULT_WORKSPACE, withWorkspace } from '../store/workspace-scope.js';
import { guard, who } from './auth.js';
import { ok } from './openapi.js';
import { IdParams, Strict } from './schemas.js';
import type { App } from './types.js';

export function workspaceRoutes(app: App, s: Pick<Services, 'workspaces' | 'apiKeys'>): void {
  app.post(
    '/api/workspaces',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Create a workspace (instance admins: admins of workspace default); returns its first server key, shown once',
        operationId: 'createWorkspace',
        body: Strict({ name: Type.String({ minLength: 1, maxLength: 200 }) }),
        response: { 201: ok('WorkspaceCreated', 'Created.') },
      },
      preHandler: guard({ roles: ADMIN_ROLES }),
    },
    async (req, reply) => {
      const p = who(req);
      if (p.kind !== 'operator') throw forbidden('Only an instance admin may create workspaces.');
      const instanceAdmin = (await s.workspaces.membershipsOf(p.operatorId)).some((m) => m.id === DEFAULT_WORKSPACE && m.role === 'admin');
      if (!instanceAdmin) throw forbidden('Only an instance admin (an admin of workspace default) may create workspaces.');
      const ws = await s.workspaces.create(req.body.name.trim(), p.operatorId);
      const { key } = await withWorkspace(ws.id, () => s.apiKeys.create(`bootstrap (${ws.name})`));
      return reply.status(201).send({ id: ws.id, name: ws.name, apiKey: key });
    },
  );

  app.get(
    '/api/workspaces',
    {
      schema: {
        tags: ['workspaces'],
        summary: "The caller's workspaces: an operator's memberships with their role, a server key's own workspace",
        operationId: 'listWorkspaces',
        response: { 200: ok('WorkspaceList') },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const p = who(req);
      if (p.kind === 'operator') return { items: await s.workspaces.membershipsOf(p.operatorId) };
      const ws = req.workspaceId && (await s.workspaces.get(req.workspaceId));
      return { items: ws ? [{ id: ws.id, name: ws.name, role: null }] : [] };
    },
  );

  app.get(
    '/api/workspaces/:id/identity-secret',
    {
      schema: {
        tags: ['workspaces'],
        summary: "The workspace's identity secret (HS256 key of its customer tokens; kid = the workspace id): its admins and its server keys",
        operationId: 'getWorkspaceIdentitySecret',
        params: IdParams,
        response: { 200: ok('WorkspaceIdentitySecret') },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const p = who(req);
      const allowed =
        p.kind === 'operator'
          ? (await s.workspaces.membershipsOf(p.operatorId)).some((m) => m.id === req.params.id && m.role === 'admin')
          : req.workspaceId === req.params.id;
      const ws = allowed ? await s.workspaces.get(req.params.id) : undefined;
      if (!ws) throw notFound('The workspace');
      const secret = await s.workspaces.identitySecret(ws.id);
      if (!secret) throw new HeraldError('INVALID_STATE', 'The workspace has no identity secret yet.');
      return { workspaceId: ws.id, kid: ws.id, secret };
    },
  );
}
