/**
 * Single sign-on (OIDC authorization code + PKCE), what sign-in methods are on, and password
 * reset by email link (CONTRACT §14).
 */
import { Type } from 'typebox';
import { HeraldError } from '../errors.js';
import { OIDC_COOKIE, OIDC_FLOW_TTL_MS } from '../security/oidc.js';
import type { Services } from '../services.js';
import { withWorkspace } from '../store/workspace-scope.js';
import { setLoginCookie } from './auth-routes.js';
import { error, errors, noContent, ok, text } from './openapi.js';
import { Email, Password, Strict } from './schemas.js';
import type { App } from './types.js';

/** Why an SSO sign-in was refused, as the portal's login page explains it (?sso=<reason>). */
export type SsoRefusal = 'not_invited' | 'unverified' | 'disabled' | 'expired' | 'failed';

export function ssoRoutes(app: App, s: Services): void {
  app.get(
    '/api/auth/methods',
    {
      schema: { tags: ['auth'], summary: 'How operators may sign in here', operationId: 'getAuthMethods', security: [], response: { 200: ok('AuthMethods') } },
    },
    async () => ({
      password: s.config.passwordLogin,
      sso: s.oidc !== undefined,
      passwordReset: s.config.passwordLogin && s.config.providers.smtp.url !== undefined,
    }),
  );

  app.get(
    '/api/auth/oidc/start',
    {
      schema: {
        tags: ['auth'],
        summary: 'Start single sign-on: redirects to the OpenID Connect provider',
        operationId: 'startSso',
        security: [],
        response: {
          302: text('text/plain', 'Redirect to the provider (Location header).'),
          ...error(404, 'HERALD_NOT_FOUND: single sign-on is not configured (HERALD_OIDC_ISSUER).'),
        },
      },
    },
    async (_req, reply) => {
      if (!s.oidc) throw new HeraldError('NOT_FOUND', 'Single sign-on is not configured here (HERALD_OIDC_ISSUER).');
      let started;
      try {
        started = await s.oidc.start();
      } catch (err) {
        // A browser is waiting: back to the sign-in page with the reason, not a JSON error.
        _req.log.warn({ reason: (err as Error).message }, 'single sign-on could not start');
        return reply.redirect('/login?sso=failed', 302);
      }
      const { url, cookie } = started;
      // Lax, not strict: the browser must send it back on the provider's redirect to the callback.
      reply.setCookie(OIDC_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'lax',
        path: '/api/auth/oidc',
        secure: s.config.publicUrl.startsWith('https:'),
        maxAge: OIDC_FLOW_TTL_MS / 1000,
      });
      return reply.redirect(url, 302);
    },
  );

  app.get(
    '/api/auth/oidc/callback',
    {
      schema: {
        tags: ['auth'],
        summary: 'Where the OpenID Connect provider sends the browser back; signs in an invited operator',
        description:
          'Signs in the operator with the verified email the provider vouches for, creating them only when that email was invited. ' +
          'Accepts every pending invitation of that email (a second workspace for an operator who already exists). ' +
          'Redirects to the portal: `/?workspace=<id>` (the workspace that invited them, where the portal opens) when an invitation was accepted, ' +
          '`/` when signed in otherwise, `/login?sso=not_invited|unverified|disabled|expired|failed` when refused.',
        operationId: 'finishSso',
        security: [],
        querystring: Type.Object({}, { additionalProperties: true }),
        response: { 302: text('text/plain', 'Redirect to the portal.'), ...error(404, 'HERALD_NOT_FOUND: single sign-on is not configured.') },
      },
    },
    async (req, reply) => {
      if (!s.oidc) throw new HeraldError('NOT_FOUND', 'Single sign-on is not configured here (HERALD_OIDC_ISSUER).');
      reply.clearCookie(OIDC_COOKIE, { path: '/api/auth/oidc' });
      const refuse = (why: SsoRefusal, detail?: string) => {
        req.log.info({ reason: why, ...(detail && { detail }) }, 'single sign-on refused');
        return reply.redirect(`/login?sso=${why}`, 302);
      };
      let identity;
      try {
        // The registered redirect URI with the provider's parameters: openid-client derives the
        // redirect_uri of the token request from it, and behind a proxy (or a path prefix in
        // HERALD_PUBLIC_URL) req.url alone would not match what was registered.
        const callback = new URL(s.oidc.redirectUri);
        callback.search = new URL(req.url, 'http://callback.invalid').search;
        identity = await s.oidc.finish(callback, req.cookies[OIDC_COOKIE]);
      } catch (err) {
        const expired = err instanceof HeraldError && err.code === 'HERALD_UNAUTHORIZED';
        return refuse(expired ? 'expired' : 'failed', (err as Error).message);
      }
      if (!identity.email || !identity.emailVerified) return refuse('unverified');
      const op = await s.store.db.selectFrom('operators').select(['id', 'disabled']).where('email', '=', identity.email).executeTakeFirst();
      if (op?.disabled) return refuse('disabled');
      // Every pending invitation of this email is accepted (a new operator, or one more workspace
      // for an existing one); they land in the workspace that invited them last.
      const accepted = await s.invitations.acceptBySso(identity.email, identity.name);
      const operatorId = op?.id ?? accepted?.operatorId;
      if (!operatorId) return refuse('not_invited');
      const landing = accepted?.workspaceId ?? (await s.workspaces.membershipsOf(operatorId))[0]?.id;
      // Removed from every workspace: nothing to sign in to.
      if (!landing) return refuse('not_invited');
      setLoginCookie(reply, s, await withWorkspace(landing, () => s.operators.openLogin(operatorId)));
      return reply.redirect(accepted ? `/?workspace=${encodeURIComponent(landing)}` : '/', 302);
    },
  );

  app.post(
    '/api/auth/password-reset',
    {
      schema: {
        tags: ['auth'],
        summary: 'Email a password-reset link (single use, expires in 1 hour)',
        description: 'Answers 204 whether or not the email belongs to an operator, so it reveals nothing.',
        operationId: 'requestPasswordReset',
        security: [],
        body: Strict({ email: Email }),
        response: {
          204: noContent('If the email belongs to an active operator, a link is on its way.'),
          ...error(403, 'HERALD_PASSWORD_LOGIN_DISABLED: password sign-in is turned off.'),
          ...error(503, 'HERALD_NOT_CONFIGURED: SMTP is not configured, so no link can be sent.'),
        },
      },
    },
    async (req, reply) => {
      await s.passwordResets.request(req.body.email);
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/auth/password-reset/confirm',
    {
      schema: {
        tags: ['auth'],
        summary: 'Choose a new password with a reset link; ends every open login of that operator',
        operationId: 'confirmPasswordReset',
        security: [],
        body: Strict({ token: Type.String({ minLength: 1, maxLength: 200 }), password: Password }),
        response: {
          204: noContent('The password is changed; sign in with it.'),
          ...error(403, 'HERALD_PASSWORD_LOGIN_DISABLED: password sign-in is turned off.'),
          ...error(410, 'HERALD_INVALID_LINK: the link expired, was already used, or never existed.'),
          ...errors(503),
        },
      },
    },
    async (req, reply) => {
      await s.passwordResets.confirm(req.body.token, req.body.password);
      return reply.status(204).send();
    },
  );
}
