/**
 * `Idempotency-Key` (CONTRACT §11) on the POSTs that create things: a client that lost the answer
 * can send the same request again and get the first response (same status and body) without a
 * second session, message or notification; the same key with a different request is a 422.
 *
 * Claim, then complete: the key is claimed in the database (primary key on workspace + principal + key, so
 * two racing requests — in one process or in several — cannot both win) before the route runs, and
 * the response is stored when it is sent. A 5xx releases the claim so the client can retry.
 */
import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Kysely } from 'kysely';
import type { Principal } from '../core/principal.js';
import { HeraldError } from '../errors.js';
import type { Database } from '../store/schema.js';
import type { App } from './types.js';

/** The routes that honour the header (method + route pattern). */
export const IDEMPOTENT_ROUTES = new Set(['POST /api/sessions', 'POST /api/sessions/:id/messages', 'POST /api/notifications']);

export const IDEMPOTENCY_TTL_MS = 24 * 3600_000;
// Longer than any request can run: a claim this old belongs to a process that died mid-request.
const ABANDONED_AFTER_MS = 2 * 60_000;
const KEY = /^[\x21-\x7e]{1,255}$/;

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: { principal: string; key: string; replay?: boolean } | undefined;
  }
}

function principalId(p: Principal): string {
  if (p.kind === 'server') return `server:${p.apiKeyId}`;
  if (p.kind === 'customer') return `customer:${p.customerId}`;
  return `operator:${p.operatorId}`;
}

/** JSON with sorted keys, so {"a":1,"b":2} and {"b":2,"a":1} are the same request. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}

export function registerIdempotency(app: App, db: Kysely<Database>): void {
  app.decorateRequest('idempotency', undefined);
  let lastSweep = 0;

  async function claim(req: FastifyRequest, reply: FastifyReply): Promise<void> {
    const raw = req.headers['idempotency-key'];
    // The older body field of POST /api/notifications takes the same path when no header is sent.
    const bodyKey = (req.body as { idempotencyKey?: unknown } | undefined)?.idempotencyKey;
    const key = typeof raw === 'string' ? raw : typeof bodyKey === 'string' ? `body:${bodyKey}` : undefined;
    if (key === undefined) return;
    if (!KEY.test(key)) throw new HeraldError('VALIDATION', 'The Idempotency-Key header must be 1–255 visible ASCII characters.');
    const principal = principalId(req.principal!);
    const fingerprint = createHash('sha256')
      .update(`${req.method} ${req.routeOptions.url}\n${canonical(req.params)}\n${canonical(req.body ?? null)}`)
      .digest('base64url');
    const now = Date.now();
    if (now - lastSweep > 10 * 60_000) {
      lastSweep = now;
      await db
        .deleteFrom('idempotency_keys')
        .where('created_at', '<', now - IDEMPOTENCY_TTL_MS)
        .execute();
    }
    for (let tries = 0; tries < 2; tries++) {
      const inserted = await db
        .insertInto('idempotency_keys')
        .values({ principal, idem_key: key, fingerprint, status_code: null, response: null, content_type: null, created_at: now })
        .onConflict((oc) => oc.columns(['workspace_id', 'principal', 'idem_key']).doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 1) {
        req.idempotency = { principal, key };
        return;
      }
      const row = await db.selectFrom('idempotency_keys').selectAll().where('principal', '=', principal).where('idem_key', '=', key).executeTakeFirst();
      if (!row) continue; // released (a 5xx) or swept between our insert and select: claim again
      const expired = row.created_at < now - IDEMPOTENCY_TTL_MS;
      const abandoned = row.status_code === null && row.created_at < now - ABANDONED_AFTER_MS;
      if (expired || abandoned) {
        await db
          .deleteFrom('idempotency_keys')
          .where('principal', '=', principal)
          .where('idem_key', '=', key)
          .where('created_at', '=', row.created_at)
          .execute();
        continue;
      }
      if (row.fingerprint !== fingerprint) {
        throw new HeraldError('IDEMPOTENCY_MISMATCH', 'This Idempotency-Key was already used with a different request; use a new key for a new request.');
      }
      if (row.status_code === null) {
        throw new HeraldError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry in a moment.', {
          retryAfterS: 1,
        });
      }
      req.idempotency = { principal, key, replay: true };
      reply.header('idempotent-replayed', 'true');
      if (row.content_type) reply.header('content-type', row.content_type);
      return reply.status(row.status_code).send(row.response ?? '') as unknown as undefined;
    }
    throw new HeraldError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still being processed; retry in a moment.', { retryAfterS: 1 });
  }

  async function complete(req: FastifyRequest, reply: FastifyReply, payload: unknown): Promise<unknown> {
    const claimed = req.idempotency;
    if (!claimed || claimed.replay) return payload;
    req.idempotency = undefined;
    const where = db.updateTable('idempotency_keys').where('principal', '=', claimed.principal).where('idem_key', '=', claimed.key);
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await db.deleteFrom('idempotency_keys').where('principal', '=', claimed.principal).where('idem_key', '=', claimed.key).execute();
      return payload;
    }
    const contentType = reply.getHeader('content-type');
    await where.set({ status_code: reply.statusCode, response: payload, content_type: typeof contentType === 'string' ? contentType : null }).execute();
    return payload;
  }

  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    if (!methods.some((m) => IDEMPOTENT_ROUTES.has(`${m} ${route.url}`))) return;
    route.preHandler = [...asArray(route.preHandler), claim];
    route.onSend = [...asArray(route.onSend), complete];
  });
}

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}
