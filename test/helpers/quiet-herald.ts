/**
 * A Herald whose engine is NOT started, driven through `app.inject`: nothing is ever sent (no
 * worker, private targets refused), so generated requests cannot cause outgoing traffic, and the
 * database changes only through the request being answered. Used by the fuzz and matrix tests.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.js';
import { type Herald, createHeraldServer } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import { type Backend, freshPostgres } from './backends.js';
import { TEST_ADMIN, TEST_API_KEY } from './herald.js';

export type Who = 'server' | 'admin' | 'manager' | 'operator' | 'viewer' | 'customerA' | 'customerB' | 'none';
export const EVERYONE: Who[] = ['server', 'admin', 'manager', 'operator', 'viewer', 'customerA', 'customerB', 'none'];

export interface QuietHerald {
  herald: Herald;
  /** Credentials of each principal, as request headers. */
  headers: Record<Who, Record<string, string>>;
  ids: { agentId: string; sessionA: string; customerA: string; customerB: string; notificationA: string; viewerId: string };
  request(who: Who, method: string, url: string, body?: unknown, extra?: Record<string, string>): Promise<{ status: number; body: any }>;
  /** Row counts of every table (but idempotency keys, which legitimately remember 4xx answers). */
  counts(): Promise<Record<string, number>>;
  close(): Promise<void>;
}

export async function startQuietHerald(backend: Backend): Promise<QuietHerald> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-quiet-'));
  const pg = backend === 'postgres' ? await freshPostgres() : undefined;
  const config = loadConfig({
    HERALD_DATA_DIR: dataDir,
    HERALD_LOG_LEVEL: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent',
    HERALD_API_KEY: TEST_API_KEY,
    HERALD_ADMIN_EMAIL: TEST_ADMIN.email,
    HERALD_ADMIN_PASSWORD: TEST_ADMIN.password,
    HERALD_ALLOW_PRIVATE_WEBHOOKS: 'false',
    HERALD_WEBHOOK_TIMEOUT_MS: '100',
    HERALD_RATE_LIMIT_PER_MIN: '0',
    ...(pg && { HERALD_DATABASE_URL: pg.url }),
  });
  const herald = await createHeraldServer(config, { log: createLogger(config.logLevel) });
  const app = herald.app;
  await app.ready();
  const request: QuietHerald['request'] = async (who, method, url, body, extra = {}) => {
    const res = await app.inject({
      method: method as 'GET',
      url,
      headers: { ...headers[who], ...(body !== undefined && { 'content-type': 'application/json' }), ...extra },
      ...(body !== undefined && { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      // not JSON (portal, metrics)
    }
    return { status: res.statusCode, body: parsed };
  };
  const headers = { server: { authorization: `Bearer ${TEST_API_KEY}` }, none: {} } as unknown as Record<Who, Record<string, string>>;
  const login = async (email: string, password: string) => {
    const res = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
    const cookie = res.cookies.find((c) => c.name === 'herald_session');
    if (!cookie) throw new Error(`login failed for ${email}: ${res.statusCode} ${res.body}`);
    return { cookie: `herald_session=${cookie.value}` };
  };
  headers.admin = await login(TEST_ADMIN.email, TEST_ADMIN.password);
  let viewerId = '';
  for (const role of ['manager', 'operator', 'viewer'] as const) {
    const email = `${role}@example.test`;
    const op = await request('server', 'POST', '/api/operators', { email, name: role, role, password: 'a long enough password' });
    if (op.status !== 201) throw new Error(`cannot create ${role}: ${JSON.stringify(op.body)}`);
    if (role === 'viewer') viewerId = op.body.id;
    headers[role] = await login(email, 'a long enough password');
  }
  for (const [who, id] of [
    ['customerA', 'cust-a'],
    ['customerB', 'cust-b'],
  ] as const) {
    headers[who] = { authorization: `Bearer ${(await request('server', 'POST', `/api/customers/${id}/token`, {})).body.token}` };
  }
  const agentId = (await request('server', 'POST', '/api/agents', { name: 'Fuzz agent' })).body.id;
  const sessionA = (await request('server', 'POST', '/api/sessions', { agentId, customerId: 'cust-a' })).body.id;
  const notificationA = (await request('server', 'POST', '/api/notifications', { customerId: 'cust-a', category: 'system', body: 'For A' })).body.id;

  // Counted as the database holds them, across workspaces.
  const db = herald.services.store.db.withoutPlugins();
  const tables = (await db.introspection.getTables()).map((t) => t.name).filter((n) => !n.startsWith('kysely_') && n !== 'idempotency_keys');
  return {
    herald,
    headers,
    ids: { agentId, sessionA, customerA: 'cust-a', customerB: 'cust-b', notificationA, viewerId },
    request,
    async counts() {
      const union = tables.map((t) => `SELECT '${t}' AS t, COUNT(*) AS c FROM "${t}"`).join(' UNION ALL ');
      const rows = (await sql.raw<{ t: string; c: number | string }>(union).execute(db)).rows;
      return Object.fromEntries(rows.map((r) => [r.t, Number(r.c)]));
    },
    async close() {
      await herald.close();
      await pg?.drop();
    },
  };
}
