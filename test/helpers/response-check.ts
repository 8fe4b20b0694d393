/**
 * Checks every JSON response a test Herald sends against the route's declared response schema,
 * before Fastify serializes it. The serializer silently drops fields a schema does not name and
 * coerces wrong types, so a DTO that outgrew its schema would lose data without any test noticing;
 * here such a response is recorded and the test's close() fails, naming route, status and field.
 */
import { Ajv } from 'ajv';
import type { FastifyInstance } from 'fastify';
import { COMPONENTS } from '../../src/http/components.js';

export function checkResponses(app: FastifyInstance): () => string[] {
  // Strict: additionalProperties:false in the components is exactly what the serializer enforces by dropping.
  const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true });
  for (const c of COMPONENTS) ajv.addSchema(c);
  const compiled = new Map<object, ReturnType<Ajv['compile']>>();
  const problems: string[] = [];
  app.addHook('preSerialization', async (req, reply, payload) => {
    const responses = req.routeOptions.schema?.response as Record<string, unknown> | undefined;
    const schema = responses?.[String(reply.statusCode)] ?? responses?.[`${String(reply.statusCode)[0]}xx`];
    if (!schema || typeof schema !== 'object' || 'content' in schema) return payload;
    let validate = compiled.get(schema);
    if (!validate) {
      const { description: _d, ...rest } = schema as Record<string, unknown>;
      validate = ajv.compile(rest);
      compiled.set(schema, validate);
    }
    if (!validate(JSON.parse(JSON.stringify(payload)))) {
      const detail = (validate.errors ?? []).map(
        (e) => `${e.instancePath || '/'} ${e.message}${e.params && 'additionalProperty' in e.params ? ` "${e.params.additionalProperty}"` : ''}`,
      );
      problems.push(`${req.method} ${req.routeOptions.url} ${reply.statusCode}: ${detail.join('; ')}`);
    }
    return payload;
  });
  return () => problems;
}
