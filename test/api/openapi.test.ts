/**
 * The OpenAPI document served at GET /api/docs/json (CONTRACT §12): complete for every operation,
 * clean under `redocly lint`, and the source of the portal's and the SDK's committed types.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GENERATED_FILES, generateApiTypes } from '../../scripts/gen-api-types.js';
import { type TestHerald, startHerald } from '../helpers/herald.js';

interface Operation {
  summary?: string;
  operationId?: string;
  tags?: string[];
  security?: Array<Record<string, string[]>>;
  parameters?: Array<{ in: string; name: string }>;
  requestBody?: { content: Record<string, { schema?: unknown }> };
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: { $ref?: string } }> }>;
}
interface Doc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  tags: Array<{ name: string }>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
}

const PUBLIC = [
  'getHealth',
  'getReady',
  'getMetrics',
  'login',
  'logout',
  'getAuthMethods',
  'startSso',
  'finishSso',
  'requestPasswordReset',
  'confirmPasswordReset',
  'lookupInvitation',
  'acceptInvitation',
  'recordNotificationAction',
  'receiveInboundEmail',
  'receiveIntercomWebhook',
  'receiveTwilioSms',
  'receiveWorkspaceTwilioSms',
].sort();

let h: TestHerald;
let doc: Doc;
let ops: Array<{ method: string; path: string; op: Operation }>;

beforeAll(async () => {
  h = await startHerald();
  const res = await fetch(`${h.url}/api/docs/json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.entries(methods).map(([method, op]) => ({ method, path: p, op })));
});
afterAll(async () => {
  await h?.close();
});

describe('GET /api/docs/json', () => {
  it('documents every route, the webhook receivers and /metrics included', () => {
    expect(doc.openapi).toBe('3.1.0');
    const routes = ops.map((o) => `${o.method.toUpperCase()} ${o.path}`);
    expect(routes.length).toBeGreaterThanOrEqual(70);
    for (const r of [
      'GET /api/health',
      'GET /api/ready',
      'GET /metrics',
      'POST /webhooks/intercom',
      'POST /webhooks/twilio/sms',
      'POST /webhooks/email/inbound',
      'GET /api/stream',
    ]) {
      expect(routes).toContain(r);
    }
  });

  it('gives every operation a summary, a unique operationId and a declared tag', () => {
    const declared = new Set(doc.tags.map((t) => t.name));
    const missing = ops.filter((o) => !o.op.summary || !o.op.operationId || !o.op.tags?.length || !o.op.tags.every((t) => declared.has(t)));
    expect(missing.map((o) => `${o.method} ${o.path}`)).toEqual([]);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('gives every operation a success response with a schema, and at least one 4xx with the shared Error schema', () => {
    const problems: string[] = [];
    for (const { method, path: p, op } of ops) {
      const responses = Object.entries(op.responses ?? {});
      const success = responses.filter(([s]) => s.startsWith('2'));
      // Browser redirects (the single sign-on start and callback) succeed with a 3xx.
      const redirects = responses.filter(([s]) => s.startsWith('3'));
      if (success.length === 0 && redirects.length === 0) problems.push(`${method} ${p}: no 2xx`);
      for (const [status, r] of success) {
        // 204 has no body by definition; every other success names its body.
        if (status === '204') {
          if (r.content) problems.push(`${method} ${p}: 204 with a body`);
        } else if (!r.content || !Object.values(r.content).every((c) => c.schema)) problems.push(`${method} ${p}: ${status} without a schema`);
      }
      const errors = responses.filter(([s]) => /^[45]/.test(s));
      if (!errors.some(([s]) => s.startsWith('4'))) problems.push(`${method} ${p}: no 4xx`);
      for (const [status, r] of errors) {
        if (r.content?.['application/json']?.schema?.$ref !== '#/components/schemas/Error') problems.push(`${method} ${p}: ${status} is not the Error schema`);
        if (!r.description) problems.push(`${method} ${p}: ${status} has no description`);
      }
    }
    expect(problems).toEqual([]);
  });

  it('declares security per operation: none on public routes, the accepted schemes on the others', () => {
    expect(Object.keys(doc.components.securitySchemes).sort()).toEqual(['customerToken', 'operatorCookie', 'serverKey']);
    const open = ops.filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0).map((o) => o.op.operationId);
    expect(open.sort()).toEqual(PUBLIC);
    const byId = new Map(ops.map((o) => [o.op.operationId, o.op]));
    const schemes = (id: string) =>
      byId
        .get(id)!
        .security!.flatMap((s) => Object.keys(s))
        .sort();
    expect(schemes('createSession')).toEqual(['customerToken', 'serverKey']);
    expect(schemes('createNotification')).toEqual(['serverKey']);
    expect(schemes('getMe')).toEqual(['operatorCookie']);
    expect(schemes('listSessions')).toEqual(['customerToken', 'operatorCookie', 'serverKey']);
    expect(schemes('registerDevice')).toEqual(['customerToken', 'operatorCookie']);
  });

  it('documents request schemas: path and query parameters, bodies, and the Idempotency-Key header', () => {
    const byId = new Map(ops.map((o) => [o.op.operationId, o.op]));
    for (const id of ['createSession', 'postMessage', 'createNotification']) {
      expect(byId.get(id)!.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'idempotency-key' }));
      expect(byId.get(id)!.requestBody?.content['application/json']?.schema).toBeTruthy();
    }
    expect(
      byId
        .get('listSessions')!
        .parameters!.filter((p) => p.in === 'query')
        .map((p) => p.name),
    ).toEqual(expect.arrayContaining(['channel', 'status', 'customerId', 'limit', 'cursor']));
    expect(byId.get('getSession')!.parameters).toContainEqual(expect.objectContaining({ in: 'path', name: 'id' }));
    expect(Object.keys(byId.get('receiveTwilioSms')!.requestBody!.content)).toEqual(['application/x-www-form-urlencoded']);
    expect(byId.get('receiveIntercomWebhook')!.parameters).toContainEqual(expect.objectContaining({ in: 'header', name: 'x-hub-signature' }));
    for (const id of ['createSession', 'postMessage', 'createCampaign', 'putPushConfig', 'registerDevice', 'login']) {
      expect(byId.get(id)!.requestBody, id).toBeTruthy();
    }
  });

  it('passes `redocly lint` with the repository configuration', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'herald-oas-')), 'openapi.json');
    fs.writeFileSync(file, JSON.stringify(doc));
    const cli = path.resolve('node_modules/@redocly/cli/bin/cli.js');
    const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, '--config', path.resolve('redocly.yaml'), '--format', 'json'], {
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', NO_COLOR: '1' },
      maxBuffer: 64 * 1024 * 1024,
    }).catch((err: { stdout: string; stderr: string }) => err);
    const report = JSON.parse(run.stdout) as { totals: { errors: number; warnings: number }; problems: Array<{ ruleId: string; message: string }> };
    expect(report.problems.map((p) => `${p.ruleId}: ${p.message}`)).toEqual([]);
    expect(report.totals).toMatchObject({ errors: 0, warnings: 0 });
  }, 60_000);

  it('is what the committed portal and SDK types were generated from (npm run gen:api-types)', async () => {
    const fresh = await generateApiTypes();
    for (const f of GENERATED_FILES) expect(fs.readFileSync(f, 'utf8') === fresh, `${f} is stale: run npm run gen:api-types`).toBe(true);
  }, 60_000);
});
