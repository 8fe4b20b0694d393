/** GET /api/audit (CONTRACT §14): who changed what, newest first, for admins. */
import { Type } from 'typebox';
import { ADMIN_ROLES } from '../core/principal.js';
import type { Services } from '../services.js';
import { guard } from './auth.js';
import { ok } from './openapi.js';
import { Limit, Strict } from './schemas.js';
import type { App } from './types.js';

export function auditRoutes(app: App, s: Services): void {
  app.get(
    '/api/audit',
    {
      schema: {
        tags: ['audit'],
        summary: 'The audit log: changes to agents, push configs, operators, API keys, provider settings, templates and settings',
        operationId: 'listAudit',
        querystring: Strict({
          from: Type.Optional(Type.String({ description: 'ISO 8601; entries at or after.' })),
          to: Type.Optional(Type.String({ description: 'ISO 8601; entries at or before.' })),
          actor: Type.Optional(Type.String({ maxLength: 320, description: "An operator's id or email, an API key id, or system." })),
          action: Type.Optional(Type.String({ maxLength: 100, description: 'An action (operator.updated) or a family (operator).' })),
          cursor: Type.Optional(Type.String({ maxLength: 128 })),
          limit: Type.Optional(Limit),
        }),
        response: { 200: ok('AuditPage') },
      },
      preHandler: guard({ server: true, roles: ADMIN_ROLES }),
    },
    async (req) => s.audit.list(req.query),
  );
}
