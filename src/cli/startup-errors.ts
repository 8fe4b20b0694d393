/**
 * Start-up failures a person can fix (database unreachable, port in use, data dir not writable)
 * turned into one sentence; anything else stays undefined and is shown as it is.
 */
import type { Config } from '../config.js';

export function describeStartupError(err: unknown, config: Readonly<Config>): string | undefined {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number; path?: string };
  const code = e?.code ?? '';
  if (code === 'EADDRINUSE') {
    return `Port ${config.port} on ${config.host} is already in use: stop the other process or set HERALD_PORT to a free port.`;
  }
  if (code === 'EADDRNOTAVAIL') return `HERALD_HOST=${config.host} is not an address of this machine.`;
  if (code === 'EACCES' && e.syscall === 'listen') {
    return `Not allowed to listen on port ${config.port}: ports below 1024 need privileges; set HERALD_PORT to 1024 or above.`;
  }
  if ((code === 'EACCES' || code === 'EROFS' || code === 'SQLITE_CANTOPEN') && !config.databaseUrl) {
    return `Cannot write the database in ${config.dataDir} (${code}): check HERALD_DATA_DIR and its permissions.`;
  }
  if (config.databaseUrl) {
    const where = databaseHost(config.databaseUrl);
    if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ECONNRESET'].includes(code)) {
      return `The database at ${where} is unreachable (${code}): check HERALD_DATABASE_URL and that PostgreSQL is running.`;
    }
    // PostgreSQL's own errors (wrong password, missing database) carry a SQLSTATE code.
    if (/^[0-9A-Z]{5}$/.test(code) && e.message) {
      return `The database at ${where} refused the connection: ${e.message.replace(/\.$/, '')}.`;
    }
  }
  if (e instanceof AggregateError && e.errors.length) return describeStartupError(e.errors[0], config);
  return undefined;
}

/** host:port/db without the user and password. */
function databaseHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return 'HERALD_DATABASE_URL';
  }
}
