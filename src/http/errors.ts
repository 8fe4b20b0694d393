import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { HeraldError } from '../errors.js';
import { isDatabaseUnavailable } from '../store/db-unavailable.js';
import type { App } from './types.js';

function send(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send({ error: { code, message } });
}

/** One renderer for every error: the catalogue's shape, never a stack trace or a secret. */
export function registerErrorHandling(app: App): void {
  app.setErrorHandler((err: FastifyError | HeraldError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HeraldError) {
      if (err.retryAfterS !== undefined) reply.header('retry-after', String(err.retryAfterS));
      return send(reply, err.status, err.code, err.message);
    }
    const fe = err;
    if (fe.validation) {
      const first = fe.validation[0];
      const where = fe.validationContext ?? 'request';
      let detail = first?.message ?? 'is invalid';
      const path = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
      if (first?.keyword === 'additionalProperties') {
        detail = `has an unknown field "${(first.params as { additionalProperty?: string }).additionalProperty}"`;
      }
      return send(reply, 400, 'HERALD_VALIDATION', `${where}${path ? `.${path}` : ''} ${detail}.`);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 413, 'HERALD_PAYLOAD_TOO_LARGE', 'The request body is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 415, 'HERALD_UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 400, 'HERALD_BAD_JSON', 'The request body is empty; send a JSON object.');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, 400, 'HERALD_BAD_JSON', 'The request body is not valid JSON.');
    }
    if (fe.statusCode === 400 && err instanceof SyntaxError) {
      return send(reply, 400, 'HERALD_BAD_JSON', 'The request body is not valid JSON.');
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(reply, fe.statusCode, 'HERALD_BAD_REQUEST', fe.message);
    }
    if (isDatabaseUnavailable(err)) {
      // A restart or failover, not a bug: the client should try again (a request whose commit did
      // get through before the connection broke is recognized by its Idempotency-Key).
      req.log.warn({ err: (err as Error).message }, 'database unavailable');
      reply.header('retry-after', '1');
      return send(reply, 503, 'HERALD_NOT_READY', 'The database is not reachable right now; try again shortly.');
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'HERALD_INTERNAL', 'Something went wrong on our side; the error was logged.');
  });
}
