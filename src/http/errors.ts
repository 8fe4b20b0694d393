import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { type ErrorKind, HeraldError, errorBody } from '../errors.js';
import { isDatabaseUnavailable } from '../store/db-unavailable.js';
import type { App } from './types.js';

/** Renders a catalogue error; `status` only where a framework error carries its own 4xx. */
export function sendError(reply: Pick<FastifyReply, 'status'>, err: HeraldError, status = err.status) {
  return reply.status(status).send(errorBody(err));
}

function send(reply: FastifyReply, kind: ErrorKind, message: string, status?: number) {
  return sendError(reply, new HeraldError(kind, message), status);
}

/** One renderer for every error: the catalogue's shape, never a stack trace or a secret. */
export function registerErrorHandling(app: App): void {
  app.setErrorHandler((err: FastifyError | HeraldError, req: FastifyRequest, reply: FastifyReply) => {
    if (err instanceof HeraldError) {
      if (err.retryAfterS !== undefined) reply.header('retry-after', String(err.retryAfterS));
      return sendError(reply, err);
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
      return send(reply, 'VALIDATION', `${where}${path ? `.${path}` : ''} ${detail}.`);
    }
    switch (fe.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return send(reply, 'PAYLOAD_TOO_LARGE', 'The request body is too large.');
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return send(reply, 'UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json.');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return send(reply, 'BAD_JSON', 'The request body is empty; send a JSON object.');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        return send(reply, 'BAD_JSON', 'The request body is not valid JSON.');
    }
    if (fe.statusCode === 400 && err instanceof SyntaxError) {
      return send(reply, 'BAD_JSON', 'The request body is not valid JSON.');
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return send(reply, 'BAD_REQUEST', fe.message, fe.statusCode);
    }
    if (isDatabaseUnavailable(err)) {
      // A restart or failover, not a bug: the client should try again (a request whose commit did
      // get through before the connection broke is recognized by its Idempotency-Key).
      req.log.warn({ err: (err as Error).message }, 'database unavailable');
      reply.header('retry-after', '1');
      return send(reply, 'NOT_READY', 'The database is not reachable right now; try again shortly.');
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 'INTERNAL', 'Something went wrong on our side; the error was logged.');
  });
}
