/**
 * Property-based requests generated from each route's own JSON schemas (read from the Fastify
 * route table, so a new route is fuzzed without being listed): mostly schema-shaped values with
 * hostile strings (NUL, astral characters, line breaks), sometimes arbitrary JSON. Properties:
 * no 5xx (but the deliberate 503 of an unconfigured inbound webhook); every refusal is in Herald's error shape; a refused request writes nothing.
 *
 * Strings never contain ':' or '/', so no generated value can form a URL with a host: the
 * outgoing-URL guard is never asked to resolve a name, and the engine is not started, so nothing
 * leaves the machine.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { EVERYONE, type QuietHerald, type Who, startQuietHerald } from '../helpers/quiet-herald.js';

const RUNS_PER_ROUTE = Number(process.env.HERALD_FUZZ_RUNS ?? 8);
// Streams never end; the SPA fallback and the API docs are static files.
const SKIP = [/^GET \/api\/stream$/, /^GET \/\*$/, /^GET \/api\/docs/];

type Schema = Record<string, any>;
const ALPHABET = [...'abcxyzABC0189 -_.@+{}[]"\'é日\n\t', '\u0000', '😀', '\u202e'];

function text(min = 0, max = 40): fc.Arbitrary<string> {
  const hi = Math.max(min, Math.min(max, 40));
  return fc.string({ unit: fc.constantFrom(...ALPHABET), minLength: Math.min(min, hi), maxLength: hi });
}

/** A fast-check arbitrary producing values the schema describes; `known` are real ids to hit deeper code. */
function arb(schema: Schema | undefined, known: string[]): fc.Arbitrary<unknown> {
  if (!schema || Object.keys(schema).length === 0) return fc.jsonValue({ maxDepth: 2 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  if (Array.isArray(schema.anyOf)) return fc.oneof(...schema.anyOf.map((s: Schema) => arb(s, known)));
  if (Array.isArray(schema.oneOf)) return fc.oneof(...schema.oneOf.map((s: Schema) => arb(s, known)));
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  switch (type) {
    case 'string':
      return fc.oneof(
        { arbitrary: text(schema.minLength ?? 0, schema.maxLength ?? 40), weight: 3 },
        { arbitrary: fc.constantFrom(...known), weight: 2 },
        { arbitrary: fc.constant('x'.repeat(Math.min((schema.maxLength ?? 200) + 1, 100_000))), weight: 1 },
      );
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: schema.maximum ?? 10_000 });
    case 'number':
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(arb(schema.items, known), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 3, 3) });
    case 'object': {
      if (schema.properties) {
        const props = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, arb(v as Schema, known)]));
        return fc.record(props, { requiredKeys: (schema.required ?? []).filter((k: string) => k in props) });
      }
      const values = schema.patternProperties ? Object.values(schema.patternProperties)[0] : schema.additionalProperties;
      return fc.dictionary(text(1, 12), arb(typeof values === 'object' ? values : undefined, known), { maxKeys: 3 });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

for (const backend of backends()) {
  describe(`schema fuzz on ${backend}`, () => {
    let q: QuietHerald;
    beforeAll(async () => {
      q = await startQuietHerald(backend);
    }, 60_000);
    afterAll(() => q.close());

    it(`answers ${RUNS_PER_ROUTE} generated requests per route with no 5xx, clean refusals and no half-written state`, async () => {
      const known = [q.ids.agentId, q.ids.sessionA, q.ids.customerA, q.ids.notificationA, q.ids.viewerId, 'fcm', 'webpush'];
      const routes = q.herald.app.routeTable.filter((r) => !SKIP.some((s) => s.test(`${r.method} ${r.url}`)));
      const schemas = q.herald.app.routeSchemas;
      let requests = 0;
      for (const route of routes) {
        const schema: Record<string, any> = schemas.get(`${route.method} ${route.url}`) ?? {};
        const paramNames = [...route.url.matchAll(/:(\w+)/g)].map((m) => m[1]!);
        const params = fc.record(
          Object.fromEntries(paramNames.map((n) => [n, arb(schema.params?.properties?.[n] ?? { type: 'string', maxLength: 140 }, known)])),
        );
        const body = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(route.method)
          ? fc.oneof({ arbitrary: arb(schema.body, known), weight: 4 }, { arbitrary: fc.jsonValue({ maxDepth: 2 }), weight: 1 })
          : fc.constant(undefined);
        const query = schema.querystring ? arb(schema.querystring, known) : fc.constant({});
        const who = fc.constantFrom<Who>(...EVERYONE.filter((w) => w !== 'customerB'));

        await fc.assert(
          fc.asyncProperty(params, body, query, who, async (p, b, qs, w) => {
            requests++;
            let url = route.url;
            for (const [k, v] of Object.entries(p)) url = url.replace(`:${k}`, encodeURIComponent(String(v)));
            const search = new URLSearchParams();
            for (const [k, v] of Object.entries((qs ?? {}) as Record<string, unknown>)) search.set(k, typeof v === 'string' ? v : JSON.stringify(v));
            if ([...search].length) url += `?${search.toString()}`;
            await q.herald.services.dispatcher.idle();
            const before = await q.counts();
            const res = await q.request(w, route.method, url, b);
            const where = `${route.method} ${url} as ${w} with ${JSON.stringify(b)?.slice(0, 300)} → ${res.status} ${JSON.stringify(res.body)?.slice(0, 300)}`;
            // The only 5xx allowed is a deliberate one: a webhook whose provider is not configured (503).
            if (res.status >= 500) expect([res.status, res.body?.error?.code], where).toEqual([503, 'HERALD_NOT_CONFIGURED']);
            if (res.status >= 400) {
              expect(res.body?.error?.code, where).toMatch(/^HERALD_[A-Z_]+$/);
              await q.herald.services.dispatcher.idle();
              expect(await q.counts(), where).toEqual(before);
            }
          }),
          { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
        );
      }
      // For the report: how many routes and requests this run covered.
      console.info(`fuzz ${backend}: ${routes.length} routes, ${requests} requests`);
      expect(routes.length).toBeGreaterThan(60);
    }, 240_000);
  });
}
