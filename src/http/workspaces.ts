/**
 * Workspaces (CONTRACT §14): an instance admin creates one (and gets its first server key), a
 * caller lists theirs, an admin of a workspace (or its own server key) reads its identity secret
 * to mint customer tokens. Someone else's workspace answers 404, as if it did not exist.
 */
import { Type } from 'typebox';
import { ADMIN_ROLES, ALL_ROLES } from '../core/principal.js';
import { HeraldError, forbidden, notFound } from '../errors.js';
import type { Services } from '../services.js';
import type { Role as RoleName } from '../store/schema.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, withWorkspace } from '../store/workspace-scope.js';
import { guard, who } from './auth.js';
import { errors, noContent, ok } from './openapi.js';
import { Email, Id, IdParams, Role, Strict } from './schemas.js';
import type { App } from './types.js';

const MemberParams = Strict({ id: Id, operatorId: Id });

export function workspaceRoutes(app: App, s: Pick<Services, 'workspaces' | 'apiKeys'>): void {
  /**
   * The workspace named in the path, when the calling operator is its admin: a member who is not
   * gets 403, anyone else 404 (as if it did not exist).
   */
  const administered = async (req: { params: { id: string } } & Parameters<typeof who>[0]): Promise<WorkspaceId> => {
    const p = who(req);
    const m = p.kind === 'operator' ? (await s.workspaces.membershipsOf(p.operatorId)).find((x) => x.id === req.params.id) : undefined;
    if (!m) throw notFound('The workspace');
    if (m.role !== 'admin') throw forbidden('Only an admin of this workspace may manage its members.');
    return m.id;
  };

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

  app.get(
    '/api/workspaces/:id/members',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'The members of a workspace with their role there (its admins)',
        operationId: 'listWorkspaceMembers',
        params: IdParams,
        response: { 200: ok('WorkspaceMemberList'), ...errors(403, 404) },
      },
      preHandler: guard({ roles: ALL_ROLES }),
    },
    async (req) => ({ items: await s.workspaces.members(await administered(req)) }),
  );

  app.post(
    '/api/workspaces/:id/members',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Add an existing operator (a member of another workspace you administer) with a role; audited',
        description:
          'Only operators who are members of a workspace the caller administers can be added this way; anyone else answers 404 ' +
          '(whether or not the email has an operator elsewhere): invite them with POST /api/invitations instead.',
        operationId: 'addWorkspaceMember',
        params: IdParams,
        body: Strict({ email: Email, role: Role }),
        response: { 201: ok('WorkspaceMember', 'Added.'), ...errors(403, 404, 409) },
      },
      preHandler: guard({ roles: ALL_ROLES }),
    },
    async (req, reply) => {
      const ws = await administered(req);
      const caller = who(req);
      const callerId = caller.kind === 'operator' ? caller.operatorId : '';
      return reply.status(201).send(await s.workspaces.addMember(ws, req.body, callerId));
    },
  );

  app.patch(
    '/api/workspaces/:id/members/:operatorId',
    {
      schema: {
        tags: ['workspaces'],
        summary: "Change a member's role in this workspace (never its last admin); audited",
        operationId: 'updateWorkspaceMember',
        params: MemberParams,
        body: Strict({ role: Role }),
        response: { 200: ok('WorkspaceMember'), ...errors(403, 404, 409) },
      },
      preHandler: guard({ roles: ALL_ROLES }),
    },
    async (req) => s.workspaces.setMemberRole(await administered(req), req.params.operatorId, req.body.role as RoleName),
  );

  app.delete(
    '/api/workspaces/:id/members/:operatorId',
    {
      schema: {
        tags: ['workspaces'],
        summary: 'Remove a member from this workspace (never its last admin); they keep their other workspaces; audited',
        operationId: 'removeWorkspaceMember',
        params: MemberParams,
        response: { 204: noContent('Removed.'), ...errors(403, 404, 409) },
      },
      preHandler: guard({ roles: ALL_ROLES }),
    },
    async (req, reply) => {
      await s.workspaces.removeMember(await administered(req), req.params.operatorId);
      return reply.status(204).send();
    },
  );
}
