/** Invitations (issue 15): admins invite operators by email; invitees accept by link or by SSO. */
import { Type } from 'typebox';
import { ADMIN_ROLES } from '../core/principal.js';
import type { Services } from '../services.js';
import { withWorkspace } from '../store/workspace-scope.js';
import { guard } from './auth.js';
import { setLoginCookie } from './auth-routes.js';
import { error, errors, noContent, ok } from './openapi.js';
import { Email, IdParams, Password, Role, Strict } from './schemas.js';
import type { App } from './types.js';

const Token = Type.String({ minLength: 1, maxLength: 200 });

export function invitationRoutes(app: App, s: Services): void {
  const admin = guard({ server: true, roles: ADMIN_ROLES });
  const ways = () => ({ password: s.config.passwordLogin, sso: s.oidc !== undefined });

  app.post(
    '/api/invitations',
    {
      schema: {
        tags: ['operators'],
        summary: 'Invite an operator by email (the link is emailed when SMTP is configured)',
        operationId: 'createInvitation',
        body: Strict({ email: Email, role: Role }),
        response: { 201: ok('InvitationCreated', 'Invited.'), ...errors(409) },
      },
      preHandler: admin,
    },
    async (req, reply) => reply.status(201).send(await s.invitations.create(req.body as Parameters<Services['invitations']['create']>[0])),
  );

  app.get(
    '/api/invitations',
    {
      schema: { tags: ['operators'], summary: 'Pending invitations', operationId: 'listInvitations', response: { 200: ok('InvitationList') } },
      preHandler: admin,
    },
    async () => ({ items: await s.invitations.list() }),
  );

  app.delete(
    '/api/invitations/:id',
    {
      schema: {
        tags: ['operators'],
        summary: 'Revoke a pending invitation (its link stops working)',
        operationId: 'revokeInvitation',
        params: IdParams,
        response: { 204: noContent('Revoked.'), ...errors(404) },
      },
      preHandler: admin,
    },
    async (req, reply) => {
      await s.invitations.revoke(req.params.id);
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/invitations/lookup',
    {
      schema: {
        tags: ['operators'],
        summary: 'What an invitation link is for (the invitation page shows it)',
        operationId: 'lookupInvitation',
        security: [],
        querystring: Strict({ token: Token }),
        response: { 200: ok('InvitationLookup'), ...error(410, 'HERALD_INVALID_LINK: expired, used or revoked.') },
      },
    },
    async (req) => ({ ...(await s.invitations.lookup(req.query.token)), ...ways() }),
  );

  app.post(
    '/api/invitations/accept',
    {
      schema: {
        tags: ['operators'],
        summary: 'Accept an invitation with a name and password; signs in',
        operationId: 'acceptInvitation',
        security: [],
        description:
          'A new operator chooses a name and password; an operator who already signs in here (invited to one more workspace) sends the token alone, ' +
          'signed in as themselves (their login cookie): the link alone does not prove who they are (401 otherwise). ' +
          'Either way they become a member of the inviting workspace (`workspaceId`) and are signed in.',
        body: Strict({
          token: Token,
          name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          password: Type.Optional(Password),
        }),
        response: {
          200: ok('InvitationAccepted', 'Signed in; the cookie is set.'),
          ...error(400, 'HERALD_VALIDATION: a new operator must choose a name and a password.'),
          ...error(401, 'HERALD_UNAUTHORIZED: the invitation is for an existing operator, and the caller is not signed in as them.'),
          ...error(403, 'HERALD_PASSWORD_LOGIN_DISABLED: accept by signing in with single sign-on instead.'),
          ...error(410, 'HERALD_INVALID_LINK: expired, used or revoked.'),
          ...errors(409),
        },
      },
    },
    async (req, reply) => {
      const signedInAs = req.principal?.kind === 'operator' ? req.principal.operatorId : undefined;
      const { operatorId, workspaceId } = await s.invitations.acceptWithPassword(req.body.token, req.body, signedInAs);
      // Shown (and later opened) in the workspace that invited them.
      const login = await withWorkspace(workspaceId, () => s.operators.openLogin(operatorId));
      return { operator: setLoginCookie(reply, s, login), workspaceId };
    },
  );
}
