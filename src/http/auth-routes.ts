import type { FastifyReply } from 'fastify';
import type { Redis } from 'ioredis';
import type { OperatorDto } from '../core/operators.js';
import { HeraldError } from '../errors.js';
import { Type } from 'typebox';
import type { Services } from '../services.js';
import { LOGIN_COOKIE, guard, who } from './auth.js';
import { ALL_ROLES } from '../core/principal.js';
import { LoginThrottle } from './login-throttle.js';
import { error, errors, noContent, ok } from './openapi.js';
import { Strict } from './schemas.js';
import type { App } from './types.js';

/** Sets the operator's login cookie on the reply; returns the operator for the response body. */
export function setLoginCookie(
  reply: FastifyReply,
  services: Pick<Services, 'config' | 'operators'>,
  login: { cookie: string; operator: OperatorDto; expiresAt: number },
): OperatorDto {
  reply.setCookie(LOGIN_COOKIE, login.cookie, {
    httpOnly: true,
    sameSite: 'strict',
    path: '/',
    secure: services.config.publicUrl.startsWith('https:'),
    expires: new Date(login.expiresAt),
  });
  return login.operator;
}

export function authRoutes(app: App, services: Pick<Services, 'config' | 'operators'>, redis?: Redis): void {
  const throttle = new LoginThrottle(redis);
  app.post(
    '/api/auth/login',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign in as an operator (sets the herald_session cookie)',
        operationId: 'login',
        security: [],
        response: {
          200: ok('OperatorEnvelope', 'Signed in; the cookie is set.'),
          ...error(401, 'HERALD_BAD_CREDENTIALS: wrong email or password, or a disabled operator.'),
          ...error(403, 'HERALD_PASSWORD_LOGIN_DISABLED: password sign-in is turned off (HERALD_PASSWORD_LOGIN=false); use single sign-on.'),
          ...errors(429),
        },
        body: Strict({ email: Type.String({ minLength: 3, maxLength: 320 }), password: Type.String({ minLength: 1, maxLength: 1024 }) }),
      },
    },
    async (req, reply) => {
      if (!services.config.passwordLogin) {
        throw new HeraldError('PASSWORD_LOGIN_DISABLED', 'Password sign-in is turned off here; sign in with single sign-on.');
      }
      await throttle.check(req.ip, req.body.email);
      let login: Awaited<ReturnType<Services['operators']['login']>>;
      try {
        login = await services.operators.login(req.body.email, req.body.password);
      } catch (err) {
        await throttle.failed(req.ip, req.body.email);
        throw err;
      }
      await throttle.succeeded(req.ip, req.body.email);
      return { operator: setLoginCookie(reply, services, login) };
    },
  );

  app.post(
    '/api/auth/logout',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out (ends the cookie session)',
        operationId: 'logout',
        response: { 204: noContent('Signed out; the cookie is cleared.') },
      },
    },
    async (req, reply) => {
      const cookie = req.cookies[LOGIN_COOKIE];
      if (cookie) await services.operators.logout(cookie);
      reply.clearCookie(LOGIN_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );

  app.get(
    '/api/auth/me',
    {
      schema: { tags: ['auth'], summary: 'The signed-in operator', operationId: 'getMe', response: { 200: ok('OperatorEnvelope') } },
      preHandler: guard({ roles: ALL_ROLES }),
    },
    async (req) => {
      const p = who(req);
      return { operator: await services.operators.get(p.kind === 'operator' ? p.operatorId : '') };
    },
  );
}
