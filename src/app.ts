import path from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import Fastify, { LogController } from 'fastify';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { agentRoutes } from './http/agents.js';
import { authenticateFirst, registerAuth } from './http/auth.js';
import { registerIdempotency } from './http/idempotency.js';
import { refuseNul } from './http/nul.js';
import { registerRateLimits } from './http/rate-limits.js';
import { ID_MAX_LENGTH } from './http/schemas.js';
import { authRoutes } from './http/auth-routes.js';
import { auditRoutes } from './http/audit.js';
import { workspaceRoutes } from './http/workspaces.js';
import { invitationRoutes } from './http/invitations.js';
import { ssoRoutes } from './http/sso-routes.js';
import { customerRoutes } from './http/customers.js';
import { deliveryRoutes } from './http/deliveries.js';
import { insightRoutes } from './http/insight.js';
import { destinationRoutes } from './http/destinations.js';
import { HeraldError } from './errors.js';
import { registerErrorHandling, sendError } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { registerOpenApi } from './http/openapi.js';
import { portalRoutes } from './http/portal.js';
import { peopleRoutes } from './http/people.js';
import { pushConfigRoutes } from './http/push-config.js';
import { sessionRoutes } from './http/sessions.js';
import { streamRoutes } from './http/stream.js';
import type { App } from './http/types.js';
import type { HeraldModule } from './channels/module.js';
import { packageRoot } from './paths.js';
import type { Services } from './services.js';

// Probes polled every few seconds by orchestrators: logged at debug so they don't drown the rest.
const QUIET_ROUTES = new Set(['/api/health', '/api/ready', '/metrics']);

/** Builds the HTTP app without listening: tests use inject() or port 0. */
export async function buildApp(services: Services, log: Logger, modules: readonly HeraldModule[] = [], security: { redis?: Redis } = {}): Promise<App> {
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: services.config.bodyLimitBytes,
    // Ids may be as long as their schema allows (128) even percent-encoded; longer still is a 414 in our shape.
    routerOptions: { maxParamLength: ID_MAX_LENGTH * 3 },
    frameworkErrors: (err, _req, reply) => {
      const status = (err as { statusCode?: number }).statusCode ?? 400;
      void sendError(
        reply,
        status === 414
          ? new HeraldError('URI_TOO_LONG', 'A path parameter is longer than any id Herald issues.')
          : new HeraldError('BAD_REQUEST', 'The request URL is malformed.'),
        status,
      );
    },
    // Fastify's own two lines per request carry headers; one line of our own (below) is enough.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // Query strings and params arrive as text and are coerced ("5" → 5); JSON bodies are typed
  // already, so they are checked strictly: {"agentId": 42} is an error, not "42".
  const strict = new Ajv({ removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false, strict: false });
  const coercing = new Ajv({ removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));

  registerErrorHandling(app);
  // Before any route is added: guards run before validation, and the idempotent POSTs get their hooks.
  authenticateFirst(app);
  registerIdempotency(app, services.store.db);
  app.addHook('preHandler', async (req) => {
    refuseNul(req.params, 'params');
    refuseNul(req.query, 'query');
    refuseNul(req.body, 'body');
  });
  app.setNotFoundHandler((req, reply) => sendError(reply, new HeraldError('ROUTE_NOT_FOUND', `No route ${req.method} ${req.url.split('?')[0]}.`)));
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    const status = reply.statusCode;
    services.metrics.httpRequests.inc({ method: req.method, route, status });
    // One line per request: the route pattern (no ids, no query, no body), never headers.
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const line = { method: req.method, route, status, ms };
    const msg = `${req.method} ${route} ${status} ${ms} ms`;
    if (status >= 500) req.log.warn(line, msg);
    else if (QUIET_ROUTES.has(route)) req.log.debug(line, msg);
    else req.log.info(line, msg);
  });

  // Browser apps on these origins may call the API directly; cookies are never sent cross-site.
  if (services.config.corsOrigins.length) {
    const allowed = new Set(services.config.corsOrigins);
    // false (not a list match) for any other origin: no CORS headers and no preflight answer.
    await app.register(cors, {
      origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin) ? origin : false),
      credentials: false,
      maxAge: 600,
    });
  }

  await app.register(cookie);
  // Before any route: its onRoute hook completes each route's schema for the document.
  await registerOpenApi(app, services.version);
  registerAuth(app, services);
  await registerRateLimits(app, services.config, security.redis);

  healthRoutes(app, services);
  authRoutes(app, services, security.redis);
  ssoRoutes(app, services);
  invitationRoutes(app, services);
  auditRoutes(app, services);
  workspaceRoutes(app, services);
  customerRoutes(app, services);
  peopleRoutes(app, services);
  agentRoutes(app, services);
  sessionRoutes(app, services);
  streamRoutes(app, services);
  pushConfigRoutes(app, services);
  deliveryRoutes(app, services);
  insightRoutes(app, services);
  destinationRoutes(app, services.destinations);
  for (const m of modules) m.routes?.(app);
  // Last: the portal answers every other GET with its single-page app.
  await portalRoutes(app, path.join(packageRoot(), 'portal', 'dist'));
  return app;
}
