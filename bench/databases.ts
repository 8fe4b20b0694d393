/**
 * The bench's databases: a fresh PostgreSQL database per mode (created from the admin URL given
 * in HERALD_BENCH_PG_URL, dropped afterwards) and the Redis database given in
 * HERALD_BENCH_REDIS_URL, which is flushed before each mode that uses it (so it must be a
 * throwaway Redis).
 */
import { Redis } from 'ioredis';
import pg from 'pg';
import { commOf, parentPid } from './proc-stats.js';

export interface FreshPg {
  url: string;
  /** The postmaster's pid when the cluster runs on this machine and /proc shows it. */
  postmasterPid: number | undefined;
  drop(): Promise<void>;
}

export async function createFreshPg(adminUrl: string, name: string): Promise<FreshPg> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  let postmasterPid: number | undefined;
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    const backend = (await admin.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
    const host = new URL(adminUrl).hostname;
    const local = ['127.0.0.1', 'localhost', '::1', '[::1]', ''].includes(host);
    const ppid = local ? parentPid(backend) : undefined;
    if (ppid && /postgres|postmaster/.test(commOf(ppid) ?? '')) postmasterPid = ppid;
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    postmasterPid,
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/** A connection to the bench's Redis, its database flushed. */
export async function freshRedis(url: string): Promise<Redis> {
  const redis = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
  await redis.connect();
  await redis.flushdb();
  return redis;
}
