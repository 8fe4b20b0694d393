import type { FastifyRequest } from 'fastify';
import type { ApiKeysService } from '../core/api-keys.js';
import type { OperatorsService } from '../core/operators.js';
import { type Access, type Principal, assertAllowed } from '../core/principal.js';
import { actorOf } from '../core/audit.js';
import { HeraldError } from '../errors.js';
import type { CustomerTokens } from '../security/tokens.js';
import type { App } from './types.js';
import type { WorkspacesService } from '../core/workspaces.js';
import { type WorkspaceId, withWorkspace, workspaceScope } from '../store/workspace-scope.js';
import { runWith } from '../work-context.js';

export const LOGIN_COOKIE = 'herald_session';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | undefined;
    /** A credential that did not verify; answered as 401 once the rate limiter has counted the request. */
    authError: HeraldError | undefined;
    /** The workspace the caller acts in, from their credential only (docs/workspaces.md). */
    workspaceId: WorkspaceId | undefined;
  }
}

export interface AuthDeps {
  apiKeys: ApiKeysService;
  operators: OperatorsService;
  customerTokens: CustomerTokens;
  workspaces: WorkspacesService;
}

/** The header the portal sends to choose one of the operator's workspaces (CONTRACT §14). */
export const WORKSPACE_HEADER = 'x-herald-workspace';

/**
 * Runs `next` in the request's workspace scope. The scope is entered when the caller is known
 * (onRequest), and again before the handler: reading the body continues in the socket's async
 * context, which does not carry it.
 */
function inScope(req: FastifyRequest, next: () => void): void {
  if (req.workspaceId) withWorkspace(req.workspaceId, next);
  else next();
}

/** Works out who is calling, once per request; routes then state what they accept with `guard`. */
export function registerAuth(app: App, deps: AuthDeps): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('authError', undefined);
  app.decorateRequest('workspaceId', undefined);
  app.addHook('onRequest', (req, _reply, done) => {
    identify(req, deps).then(
      (who) => {
        req.principal = who?.principal;
        req.workspaceId = who?.workspaceId;
        inScope(req, done);
      },
      (err: unknown) => {
        if (!(err instanceof HeraldError)) return done(err as Error);
        req.authError = err;
        done();
      },
    );
  });
  app.addHook('preHandler', (req, _reply, done) => inScope(req, done));
  // Bad credentials count against the caller's address (guessing keys is rate limited) and are
  // refused right after, before the body is read.
  app.addHook('preParsing', async (req) => {
    if (req.authError) throw req.authError;
  });
}

async function identify(req: FastifyRequest, deps: AuthDeps): Promise<{ principal: Principal; workspaceId: WorkspaceId | undefined } | undefined> {
  const header = req.headers.authorization;
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) throw new HeraldError('UNAUTHORIZED', 'The Authorization header must be "Bearer <key or token>".');
    const credential = match[1]!;
    if (credential.startsWith('hk_')) {
      const key = await deps.apiKeys.verify(credential);
      if (!key) throw new HeraldError('UNAUTHORIZED', 'The API key is not valid.');
      // A server key belongs to one workspace and acts only in it.
      return { principal: { kind: 'server', apiKeyId: key.id }, workspaceId: key.workspaceId };
    }
    const result = await deps.customerTokens.verify(credential);
    if (result.ok) return { principal: { kind: 'customer', customerId: result.customerId }, workspaceId: result.workspaceId };
    if (result.reason === 'expired') throw new HeraldError('TOKEN_EXPIRED', 'The customer token has expired.');
    throw new HeraldError('UNAUTHORIZED', 'The customer token is not valid.');
  }
  const cookie = req.cookies?.[LOGIN_COOKIE];
  if (cookie) {
    const op = await deps.operators.fromCookie(cookie);
    if (!op) return undefined;
    // An operator acts in the workspace they chose (the portal's switcher) or their only one,
    // with their role there; membershipsOf lists the oldest membership first.
    const memberships = await deps.workspaces.membershipsOf(op.id);
    const chosen = req.headers[WORKSPACE_HEADER];
    let m: (typeof memberships)[number] | undefined;
    if (typeof chosen === 'string' && chosen !== '') {
      m = memberships.find((x) => x.id === chosen);
      if (!m) throw new HeraldError('FORBIDDEN', 'You are not a member of that workspace.');
    } else {
      // None chosen: their only workspace; with several, the first they joined (default for
      // everyone from before workspaces). The portal always says which.
      m = memberships[0];
    }
    if (!m) throw new HeraldError('FORBIDDEN', 'You are not a member of any workspace.');
    return { principal: { kind: 'operator', operatorId: op.id, role: m.role }, workspaceId: m.id };
  }
  return undefined;
}

/** One row of the route table: who may call it (undefined: a public route). */
export interface RouteAccess {
  method: string;
  url: string;
  access: Access | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with the access its guard states, for the authorization-matrix test and docs. */
    routeTable: RouteAccess[];
    /** Each route's request schemas ("METHOD /url" → { body, params, querystring }), for the fuzz test. */
    routeSchemas: Map<string, Record<string, unknown>>;
  }
}

/** Marks guard hooks so the app can run them before body validation (see `authenticateFirst`). */
export const GUARD = Symbol('herald.guard');

/** A preHandler that admits only the given kinds of caller: 401 without credentials, 403 for the wrong ones. */
export function guard(access: Access) {
  const check = async (req: FastifyRequest) => {
    if (!req.principal) throw new HeraldError('UNAUTHORIZED', 'Sign in, or send an API key or customer token.');
    assertAllowed(access, req.principal);
  };
  // The OpenAPI document and the authorization-matrix test read each route's access from here.
  return Object.assign(check, { [GUARD]: access });
}

/** The access a route's guard states, or undefined for a public route (the authorization-matrix test reads it). */
export function accessOf(hooks: unknown): Access | undefined {
  const list = Array.isArray(hooks) ? hooks : [hooks];
  return (list.find((h) => h && (h as Record<symbol, unknown>)[GUARD]) as Record<symbol, Access> | undefined)?.[GUARD];
}

/**
 * Routes declare `preHandler: guard(...)`, but preHandler runs after the body is parsed and
 * validated, so an anonymous caller would learn the schema from detailed 400s. Every guard is
 * moved to preParsing: 401/403 come first, before the body is even read.
 */
export function authenticateFirst(app: App): void {
  const table: RouteAccess[] = [];
  const schemas = new Map<string, Record<string, unknown>>();
  app.decorate('routeTable', table);
  app.decorate('routeSchemas', schemas);
  app.addHook('onRoute', (route) => {
    // Every change a handler makes is recorded in the audit log as the caller's.
    const handler = route.handler;
    route.handler = function (this: unknown, req: FastifyRequest, reply: unknown) {
      // …and every query it makes stays in the caller's workspace (the store's scope).
      // (One context change for both: see work-context.ts.)
      const run = () => (handler as (...a: unknown[]) => unknown).call(this, req, reply);
      return runWith({ actor: actorOf(req.principal), ...(req.workspaceId && { scope: workspaceScope(req.workspaceId) }) }, run);
    };
    for (const method of Array.isArray(route.method) ? route.method : [route.method]) {
      if (method === 'HEAD') continue;
      table.push({ method, url: route.url, access: accessOf(route.preHandler) ?? accessOf(route.preParsing) });
      schemas.set(`${method} ${route.url}`, (route.schema ?? {}) as Record<string, unknown>);
    }
    const pre = route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    const guards = pre.filter((h) => (h as unknown as Record<symbol, unknown>)[GUARD]);
    if (guards.length === 0) return;
    const parsing = route.preParsing === undefined ? [] : Array.isArray(route.preParsing) ? route.preParsing : [route.preParsing];
    route.preParsing = [...guards, ...parsing] as unknown as typeof route.preParsing;
    route.preHandler = pre.filter((h) => !(h as unknown as Record<symbol, unknown>)[GUARD]);
  });
}

/** The principal of a guarded route (guard has already rejected anonymous calls). */
export function who(req: FastifyRequest): Principal {
  if (!req.principal) throw new HeraldError('UNAUTHORIZED', 'Sign in, or send an API key or customer token.');
  return req.principal;
}
