import type { FastifyRequest } from 'fastify';
import type { ApiKeysService } from '../core/api-keys.js';
import type { OperatorsService } from '../core/operators.js';
import { type Access, type Principal, assertAllowed } from '../core/principal.js';
import { HeraldError } from '../errors.js';
import type { CustomerTokens } from '../security/tokens.js';
import type { App } from './types.js';

export const LOGIN_COOKIE = 'herald_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
  }
}

export interface AuthDeps {
  apiKeys: ApiKeysService;
  operators: OperatorsService;
  customerTokens: CustomerTokens;
}

/** Works out who is calling, once per request; routes then state what they accept with `guard`. */
export function registerAuth(app: App, deps: AuthDeps): void {
  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (req) => {
    req.principal = await identify(req, deps);
  });
}

async function identify(req: FastifyRequest, deps: AuthDeps): Promise<Principal | undefined> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HeraldError('UNAUTHORIZED', 'The Authorization header must be "Bearer <key or token>".');
    const credential = match[1]!;
    if (credential.startsWith('hk_')) {
      const id = await deps.apiKeys.verify(credential);
      if (!id) throw new HeraldError('UNAUTHORIZED', 'The API key is not valid.');
      return { kind: 'server', apiKeyId: id };
    }
    const result = await deps.customerTokens.verify(credential);
    if (result.ok) return { kind: 'customer', customerId: result.customerId };
    if (result.reason === 'expired') throw new HeraldError('TOKEN_EXPIRED', 'The customer token has expired.');
    throw new HeraldError('UNAUTHORIZED', 'The customer token is not valid.');
  }
  const cookie = req.cookies?.[LOGIN_COOKIE];
  if (cookie) {
    const op = await deps.operators.fromCookie(cookie);
    if (op) return { kind: 'operator', operatorId: op.id, role: op.role };
  }
  return undefined;
}

/** A preHandler that admits only the given kinds of caller: 401 without credentials, 403 for the wrong ones. */
export function guard(access: Access) {
  const check = async (req: FastifyRequest) => {
    if (!req.principal) throw new HeraldError('UNAUTHORIZED', 'Sign in, or send an API key or customer token.');
    assertAllowed(access, req.principal);
  };
  // The OpenAPI document derives each route's `security` from this (src/http/openapi.ts).
  return Object.assign(check, { access });
}

/** The principal of a guarded route (guard has already rejected anonymous calls). */
export function who(req: FastifyRequest): Principal {
  if (!req.principal) throw new HeraldError('UNAUTHORIZED', 'Sign in, or send an API key or customer token.');
  return req.principal;
}
