/**
 * Rate limits per principal (CONTRACT §11), with @fastify/rate-limit: each customer token,
 * operator and anonymous address gets HERALD_RATE_LIMIT_PER_MIN requests a minute on the API;
 * server keys are unlimited unless HERALD_SERVER_KEY_RATE_LIMIT_PER_MIN is set. Counters live in
 * Redis in cluster mode, so the limit holds across processes. Responses carry the IETF draft
 * `RateLimit-Limit/Remaining/Reset` headers; past the limit, 429 with `Retry-After`.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config } from '../config.js';
import { HeraldError } from '../errors.js';
import type { App } from './types.js';

function keyOf(req: FastifyRequest): string {
  const p = req.principal;
  if (!p) return `ip:${req.ip}`;
  if (p.kind === 'server') return `server:${p.apiKeyId}`;
  if (p.kind === 'customer') return `customer:${p.customerId}`;
  return `operator:${p.operatorId}`;
}

// The portal's files, the API docs and health probes are not the API: a browser loading the
// portal or a load balancer polling /api/ready must not spend anyone's budget.
function exempt(req: FastifyRequest): boolean {
  const url = req.routeOptions.url ?? '';
  return !url.startsWith('/api/') || url.startsWith('/api/docs') || url === '/api/health' || url === '/api/ready';
}

export async function registerRateLimits(app: App, config: Pick<Config, 'rateLimitPerMin' | 'serverKeyRateLimitPerMin'>, redis?: Redis): Promise<void> {
  if (config.rateLimitPerMin === 0 && config.serverKeyRateLimitPerMin === undefined) return;
  await app.register(rateLimit, {
    global: true,
    // After authentication (an app-level onRequest hook) so the key is the principal, before the body is read.
    hook: 'onRequest',
    timeWindow: 60_000,
    enableDraftSpec: true,
    keyGenerator: keyOf,
    max: (_req, key) => (key.startsWith('server:') ? config.serverKeyRateLimitPerMin! : config.rateLimitPerMin),
    allowList: (req, key) => exempt(req) || (key.startsWith('server:') ? config.serverKeyRateLimitPerMin === undefined : config.rateLimitPerMin === 0),
    ...(redis && { redis, nameSpace: 'herald:ratelimit:' }),
    // Counting is best effort: a Redis hiccup must not turn every request into a 500.
    skipOnError: true,
    errorResponseBuilder: (_req, ctx) =>
      new HeraldError('RATE_LIMITED', `Too many requests; the limit is ${ctx.max} a minute. Try again in ${ctx.after}.`, {
        retryAfterS: Math.max(1, Math.ceil(ctx.ttl / 1000)),
      }),
  });
}
