/**
 * A PostgreSQL cluster owned by one test file, which it may stop, start and restart (the shared
 * HERALD_TEST_PG_URL cluster must never be restarted under other tests). Same recipe as
 * scripts/start-postgres.sh: PostgreSQL refuses to run as root, so the cluster belongs to the
 * postgres user and is driven with `runuser -u postgres -- pg_ctl`.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';

const run = promisify(execFile);
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  /** Admin URL of the `postgres` database. */
  url: string;
  /** The server log (for a failing test's report). */
  logFile: string;
  /** `pg_ctl stop -m fast`: every session is terminated, as in a restart or a failover. */
  stop(): Promise<void>;
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`. */
  restart(): Promise<void>;
  /** Stops the server at once and removes its files. */
  destroy(): Promise<void>;
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-own-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'log');
  fs.chownSync(dir, ...(await postgresIds()));
  const port = await freePort();
  const pgCtl = (...args: string[]) => run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, 'pg_ctl'), '-D', data, ...args]);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200`;
  await run('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, 'initdb'), '-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8']);
  const start = async () => void (await pgCtl('-l', logFile, '-w', '-o', options, 'start'));
  await start();
  // A crashed test worker must not leave a server behind.
  const stopNow = () => {
    try {
      execFileSync('runuser', ['-u', 'postgres', '--', path.join(PG_BIN, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
    } catch {
      // not running
    }
  };
  process.once('exit', stopNow);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    logFile,
    start,
    async stop() {
      await pgCtl('-w', '-m', 'fast', 'stop');
    },
    async restart() {
      await pgCtl('-l', logFile, '-w', '-m', 'fast', '-o', options, 'restart');
    },
    async destroy() {
      process.removeListener('exit', stopNow);
      await pgCtl('-w', '-m', 'immediate', 'stop').catch(() => {});
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresIds(): Promise<[number, number]> {
  const { stdout: uid } = await run('id', ['-u', 'postgres']);
  const { stdout: gid } = await run('id', ['-g', 'postgres']);
  return [Number(uid.trim()), Number(gid.trim())];
}
