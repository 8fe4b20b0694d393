/**
 * Tells "the database is away for now" (restarting, failing over, unreachable, out of
 * connections) from every other error. Such an error says nothing about the request or the row
 * being worked on: callers answer 503 and try again later instead of recording a failure.
 */

// SQLSTATE classes and codes a server sends while it cannot serve: connection exceptions (08),
// shutdown and startup (57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now),
// too many connections (53300), and a write reaching a server that just became a standby (25006).
const SQLSTATES = /^(08...|57P0[123]|53300|25006)$/;

// Errors of the socket under the connection.
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTFOUND']);

// node-postgres reports a lost or never-made connection with these messages and no code.
const PG_MESSAGES =
  /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

export function isDatabaseUnavailable(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (SQLSTATES.test(e.code) || SOCKET_CODES.has(e.code))) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.test(e.message)) return true;
  // Connecting to a name with several addresses fails with one error per address.
  return Array.isArray(e.errors) && e.errors.some(isDatabaseUnavailable);
}
