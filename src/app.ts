import path from 'node:path';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Ajv } from 'ajv';
import Fastify, { LogController } from 'fastify';
import type { Logger } from 'pino';
import { agentRoutes } from './http/agents.js';
import { registerAuth } from './http/auth.js';
import { authRoutes } from './http/auth-routes.js';
import { customerRoutes } from './http/customers.js';
import { deliveryRoutes } from './http/deliveries.js';
import { registerErrorHandling } from './http/errors.js';
import { healthRoutes } from './http/health.js';
import { portalRoutes } from './http/portal.js';
import { peopleRoutes } from './http/people.js';
import { pushConfigRoutes } from './http/push-config.js';
import { sessionRoutes } from './http/sessions.js';
import { streamRoutes } from './http/stream.js';
import type { App } from './http/types.js';
import type { HeraldModule } from './engine/module.js';
import { packageRoot } from './paths.js';
import type { Services } from './services.js';

// Probes polled every few seconds by orchestrators: logged at debug so they don't drown the rest.
const QUIET_ROUTES = new Set(['/api/health', '/api/ready', '/metrics']);

/** Builds the HTTP app without listening: tests use inject() or port 0. */
export async function buildApp(s: Services, log: Logger, modules: readonly HeraldModule[] = []): Promise<App> {
  const app = Fastify({
    loggerInstance: log,
    bodyLimit: s.config.bodyLimitBytes,
    // Fastify's own two lines per request carry headers; one line of our own (below) is enough.
    logController: new LogController({ disableRequestLogging: true }),
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // Query strings and params arrive as text and are coerced ("5" → 5); JSON bodies are typed
  // already, so they are checked strictly: {"agentId": 42} is an error, not "42".
  const strict = new Ajv({ removeAdditional: false, coerceTypes: false, useDefaults: true, allErrors: false, strict: false });
  const coercing = new Ajv({ removeAdditional: false, coerceTypes: 'array', useDefaults: true, allErrors: false, strict: false });
  app.setValidatorCompiler(({ schema, httpPart }) => (httpPart === 'body' ? strict : coercing).compile(schema));

  registerErrorHandling(app);
  app.setNotFoundHandler((req, reply) =>
    reply.status(404).send({ error: { code: 'HERALD_ROUTE_NOT_FOUND', message: `No route ${req.method} ${req.url.split('?')[0]}.` } }),
  );
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unknown';
    const status = reply.statusCode;
    s.metrics.httpRequests.inc({ method: req.method, route, status });
    // One line per request: the route pattern (no ids, no query, no body), never headers.
    const ms = Math.round(reply.elapsedTime * 10) / 10;
    const line = { method: req.method, route, status, ms };
    const msg = `${req.method} ${route} ${status} ${ms} ms`;
    if (status >= 500) req.log.warn(line, msg);
    else if (QUIET_ROUTES.has(route)) req.log.debug(line, msg);
    else req.log.info(line, msg);
  });

  // Browser apps on these origins may call the API directly; cookies are never sent cross-site.
  if (s.config.corsOrigins.length) {
    const allowed = new Set(s.config.corsOrigins);
    // false (not a list match) for any other origin: no CORS headers and no preflight answer.
    await app.register(cors, {
      origin: (origin, cb) => cb(null, origin !== undefined && allowed.has(origin) ? origin : false),
      credentials: false,
      maxAge: 600,
    });
  }

  await app.register(cookie);
  await app.register(swagger, {
    openapi: {
      info: { title: 'Herald API', version: s.version, description: 'Notification engine for conversational support.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', description: 'Server API key (hk_…) or customer token (JWT)' },
          cookie: { type: 'apiKey', in: 'cookie', name: 'herald_session' },
        },
      },
      security: [{ bearer: [] }, { cookie: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  registerAuth(app, s);

  healthRoutes(app, s);
  authRoutes(app, s);
  customerRoutes(app, s);
  peopleRoutes(app, s);
  agentRoutes(app, s);
  sessionRoutes(app, s);
  streamRoutes(app, s);
  pushConfigRoutes(app, s);
  deliveryRoutes(app, s);
  for (const m of modules) m.routes?.(app);
  // Last: the portal answers every other GET with its single-page app.
  await portalRoutes(app, path.join(packageRoot(), 'portal', 'dist'));
  return app;
}
