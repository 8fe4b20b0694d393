/**
 * Starts a real Herald (HTTP on a loopback port, real database, engine running) for a test.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import { type Herald, createHeraldServer } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import { type Backend, freshPostgres } from './backends.js';
import { checkResponses } from './response-check.js';

export const TEST_API_KEY = 'hk_test_0123456789abcdefghijklmnopqrstuvwxyz';
export const TEST_ADMIN = { email: 'admin@example.test', password: 'correct horse battery staple' };

export interface TestHerald {
  herald: Herald;
  url: string;
  dataDir: string;
  /** fetch against the server with the server key (unless headers override it). */
  api: (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; body: any; headers: Headers }>;
  close: () => Promise<void>;
}

export async function startHerald(opts: { backend?: Backend; env?: Record<string, string>; dataDir?: string; databaseUrl?: string } = {}): Promise<TestHerald> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'herald-test-'));
  let dropDb: (() => Promise<void>) | undefined;
  let databaseUrl = opts.databaseUrl;
  if (!databaseUrl && opts.backend === 'postgres') {
    const pg = await freshPostgres();
    databaseUrl = pg.url;
    dropDb = pg.drop;
  }
  const config = loadConfig({
    HERALD_DATA_DIR: dataDir,
    HERALD_HOST: '127.0.0.1',
    HERALD_PORT: '0',
    HERALD_LOG_LEVEL: process.env.HERALD_TEST_LOG_LEVEL ?? 'silent',
    HERALD_API_KEY: TEST_API_KEY,
    HERALD_ADMIN_EMAIL: TEST_ADMIN.email,
    HERALD_ADMIN_PASSWORD: TEST_ADMIN.password,
    HERALD_ALLOW_PRIVATE_WEBHOOKS: 'true',
    ...(databaseUrl && { HERALD_DATABASE_URL: databaseUrl }),
    ...opts.env,
  });
  const herald = await createHeraldServer(config, { log: createLogger(config.logLevel) });
  const responseProblems = checkResponses(herald.app);
  await herald.start();
  const url = await herald.listen();
  const api: TestHerald['api'] = async (method, p, body, headers = {}) => {
    const res = await fetch(url + p, {
      method,
      headers: {
        authorization: `Bearer ${TEST_API_KEY}`,
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON (e.g. /metrics)
    }
    return { status: res.status, body: parsed, headers: res.headers };
  };
  return {
    herald,
    url,
    dataDir,
    api,
    async close() {
      await herald.close();
      await dropDb?.();
      const problems = responseProblems();
      if (problems.length) throw new Error(`Responses that do not match their OpenAPI schema (fields would be dropped):\n${problems.join('\n')}`);
    },
  };
}

export { eventually } from './eventually.js';
