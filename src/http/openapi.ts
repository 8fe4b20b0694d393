/**
 * The OpenAPI document served at /api/docs/json. Routes state what is particular to them (summary,
 * operationId, request schemas, success responses, the errors only they return); this file adds
 * what follows from facts every route shares, so it cannot drift from the behaviour:
 * - `security` from the route's `guard(...)` (none → public, `security: []`);
 * - 400 when the route validates input, 413/415 when it takes a body, 401 everywhere (the
 *   Authorization header is checked on every request, public ones included), 403 when guarded.
 */
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { RouteOptions } from 'fastify';
import { Type, type TSchema } from 'typebox';
import type { Access } from '../core/principal.js';
import { accessOf as guardAccess } from './auth.js';
import { COMPONENTS } from './components.js';
import type { App } from './types.js';

declare module 'fastify' {
  interface FastifySchema {
    /** Documented request body of a route that parses its body itself (raw bytes, form data); not validated. */
    docBody?: { contentType: string; schema: TSchema; description?: string };
  }
}

export const SECURITY_SCHEMES = {
  serverKey: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'hk_…',
    description: "Server API key: `Authorization: Bearer hk_…`. The customer's backend and AI runtime.",
  },
  customerToken: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'Customer token: HS256 JWT signed with the identity secret, `sub` = the customer id, `exp` required.',
  },
  operatorCookie: {
    type: 'apiKey',
    in: 'cookie',
    name: 'herald_session',
    description: 'Operator sign-in cookie from POST /api/auth/login.',
  },
} as const;

const ERROR_TEXT: Record<number, string> = {
  400: 'The request is not valid: HERALD_VALIDATION (a field, with its path), HERALD_BAD_JSON or HERALD_BAD_REQUEST.',
  401: 'HERALD_UNAUTHORIZED / HERALD_TOKEN_EXPIRED: no credential, or an Authorization header that is not valid.',
  403: 'HERALD_FORBIDDEN: this credential or operator role may not do this.',
  404: 'HERALD_NOT_FOUND: the resource does not exist (or is not visible to this caller).',
  409: 'HERALD_CONFLICT / HERALD_INVALID_STATE: conflicts with the current state.',
  413: 'HERALD_PAYLOAD_TOO_LARGE: the body is over the size limit.',
  415: 'HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as application/json.',
  422: 'HERALD_UNPROCESSABLE / HERALD_UNSAFE_URL: well-formed but refused.',
  429: 'HERALD_RATE_LIMITED: too many requests; see Retry-After.',
  503: 'HERALD_NOT_READY / HERALD_NOT_CONFIGURED: a dependency is not available.',
};

/** The shared error body for the given statuses, e.g. `...errors(404, 409)` in a route's `response`. */
export function errors<const S extends readonly number[]>(...statuses: S): Record<S[number], TSchema> {
  return Object.fromEntries(statuses.map((s) => [s, errorResponse(s)])) as unknown as Record<S[number], TSchema>;
}
/** One error status with a route-specific description. */
export const error = <const S extends number>(status: S, description: string) => ({ [status]: errorResponse(status, description) }) as Record<S, TSchema>;
const errorResponse = (status: number, text = ERROR_TEXT[status] ?? 'Error.') => Type.Ref('Error', { description: text });

/** A successful JSON response of a shared schema. */
export const ok = (id: string, description = 'OK') => Type.Ref(id, { description });
/** A response without a body (204). */
export const noContent = (description = 'Done; no body.') => Type.Unsafe<undefined>({ type: 'null', description });
/** A non-JSON response body (text/plain, text/event-stream, text/xml). */
export const text = (contentType: string, description: string) => ({ description, content: { [contentType]: { schema: Type.String() } } });

function accessOf(route: RouteOptions): Access | undefined {
  // authenticateFirst() moves guards from preHandler to preParsing; look in both.
  return guardAccess(route.preHandler) ?? guardAccess(route.preParsing);
}

/** onRoute: security and the errors every route shares, added unless the route states them. */
function complete(route: RouteOptions): void {
  const schema = route.schema;
  if (!schema || schema.hide || route.method === 'HEAD') return;
  const response = (schema.response as Record<string, unknown> | undefined) ?? {};
  const add = (status: number, text?: string) => {
    if (!(status in response)) response[status] = errorResponse(status, text);
  };
  const access = accessOf(route);
  if (schema.security === undefined) {
    const security: Array<Record<string, string[]>> = [];
    if (access?.server) security.push({ serverKey: [] });
    if (access?.customer) security.push({ customerToken: [] });
    if (access?.roles?.length) security.push({ operatorCookie: [] });
    schema.security = security;
    if (access?.roles?.length && access.roles.length < 4) {
      const who = `Operator roles allowed: ${access.roles.join(', ')}.`;
      schema.description = schema.description ? `${schema.description}\n\n${who}` : who;
    }
  }
  if (schema.body || schema.querystring || schema.params || schema.headers || schema.docBody) add(400);
  if (schema.body || schema.docBody) {
    add(413);
    add(415, `HERALD_UNSUPPORTED_MEDIA_TYPE: send the body as ${schema.docBody?.contentType ?? 'application/json'}.`);
  }
  add(401, access ? undefined : 'HERALD_UNAUTHORIZED: only when an Authorization header is sent and is not valid (this route needs none).');
  if (access) add(403);
  schema.response = response;
}

/** Registers the shared schemas, the route completion hook and the document; call before any route. */
export async function registerOpenApi(app: App, version: string): Promise<void> {
  for (const c of COMPONENTS) app.addSchema(c);
  app.addHook('onRoute', complete);
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Herald API',
        version,
        description:
          'Notification engine for conversational support. Errors are always `{ "error": { "code", "message" } }` (schema Error). ' +
          'Lists are `{ items, nextCursor? }`: pass `nextCursor` back as `cursor`. See docs/api.md.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/', description: 'This Herald' }],
      tags: [
        { name: 'health', description: 'Liveness, readiness and Prometheus metrics.' },
        { name: 'auth', description: 'Operator sign-in (cookie): password, single sign-on (OIDC), password reset.' },
        { name: 'customers', description: 'Customers and customer tokens.' },
        { name: 'operators', description: 'Operators and departments.' },
        { name: 'agents', description: 'AI agents.' },
        { name: 'sessions', description: 'Conversations.' },
        { name: 'messages', description: 'Messages in a conversation.' },
        { name: 'realtime', description: 'Server-sent events.' },
        { name: 'push-config', description: "An agent's outgoing webhooks (Standard Webhooks signed)." },
        { name: 'deliveries', description: 'Deliveries console: every outgoing delivery and its attempts.' },
        { name: 'devices', description: "The caller's devices and notification preferences." },
        { name: 'notifications', description: 'Notifications to customers and operators, and their actions.' },
        { name: 'settings', description: 'Providers, push, email and SMS settings.' },
        { name: 'campaigns', description: 'Multi-stage outreach campaigns.' },
        { name: 'webhooks', description: 'Receivers for Intercom, Twilio and inbound email.' },
        { name: 'audit', description: 'The audit log: who changed what.' },
        { name: 'workspaces', description: 'Workspaces: one Herald for many businesses, each with its own keys, tokens and operators.' },
      ],
      components: { securitySchemes: SECURITY_SCHEMES },
    },
    // Components are named by their $id (Session, Delivery …), which the generated types keep.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    transform: ({ schema, url }) => {
      if (!schema?.docBody) return { schema, url };
      const { docBody, ...rest } = schema;
      const body = { ...docBody.schema, ...(docBody.description && { description: docBody.description }) };
      return { schema: { ...rest, body, consumes: [docBody.contentType] }, url };
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
}
