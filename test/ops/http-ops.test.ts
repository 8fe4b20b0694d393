/**
 * CORS (HERALD_CORS_ORIGINS) and request logs, seen from outside: real HTTP on loopback, log
 * lines as they are written.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type Herald, createHeraldServer } from '../../src/herald.js';
import { createLogger } from '../../src/logger.js';
import { TEST_API_KEY, eventually } from '../helpers/herald.js';

const APP = 'https://app.example.test';

describe('CORS and request logs', () => {
  let herald: Herald;
  let url: string;
  const lines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    const config = loadConfig({
      HERALD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-ops-http-')),
      HERALD_HOST: '127.0.0.1',
      HERALD_PORT: '0',
      HERALD_API_KEY: TEST_API_KEY,
      HERALD_CORS_ORIGINS: `${APP}, http://localhost:5173`,
    });
    const sink = new Writable({
      write(chunk, _enc, done) {
        for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l));
        done();
      },
    });
    herald = await createHeraldServer(config, { log: createLogger('info', sink, 'json') });
    url = await herald.listen();
  });
  afterAll(() => herald.close());

  it('answers the preflight of an allowed origin, without credentials', async () => {
    const res = await fetch(`${url}/api/sessions`, {
      method: 'OPTIONS',
      headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(APP);
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    // The real request carries the header too.
    const get = await fetch(`${url}/api/health`, { headers: { origin: APP } });
    expect(get.headers.get('access-control-allow-origin')).toBe(APP);
  });

  it('gives another origin no CORS headers at all', async () => {
    const res = await fetch(`${url}/api/sessions`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example.test', 'access-control-request-method': 'POST' },
    });
    expect(res.status).toBe(404);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
    const get = await fetch(`${url}/api/health`, { headers: { origin: 'https://evil.example.test' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('logs one info line per request: method, route, status, duration; no ids, bodies or credentials', async () => {
    const res = await fetch(`${url}/api/customers/ann-secret-id?x=1`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TEST_API_KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Ann Body-Secret' }),
    });
    expect(res.status).toBe(200);
    const line = await eventually(() => lines.find((l) => l.route === '/api/customers/:id' && l.method === 'PUT'));
    expect(line).toMatchObject({ level: 30, method: 'PUT', route: '/api/customers/:id', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(line.msg).toMatch(/^PUT \/api\/customers\/:id 200 [\d.]+ ms$/);
    const all = JSON.stringify(lines);
    for (const secret of ['ann-secret-id', 'Body-Secret', TEST_API_KEY]) expect(all).not.toContain(secret);
  });
});

describe('pretty logs', () => {
  it('writes one readable line per entry instead of JSON', () => {
    let out = '';
    const sink = new Writable({
      write(chunk, _enc, done) {
        out += String(chunk);
        done();
      },
    });
    const log = createLogger('info', sink, 'pretty');
    log.info({ method: 'GET', route: '/api/health', status: 200, ms: 1.2 }, 'GET /api/health 200 1.2 ms');
    expect(out).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: GET \/api\/health 200 1\.2 ms/);
    expect(out.trim().split('\n')).toHaveLength(1);
    expect(() => JSON.parse(out)).toThrow();
  });
});
