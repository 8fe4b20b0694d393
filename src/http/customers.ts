import { Type } from 'typebox';
import { customerDto } from '../core/customers.js';
import { ALL_ROLES } from '../core/principal.js';
import { forbidden, notFound } from '../errors.js';
import type { Services } from '../services.js';
import { guard, who } from './auth.js';
import { errors, ok } from './openapi.js';
import { IdParams, Nullable, QuietHoursBody, Strict } from './schemas.js';
import type { App } from './types.js';

const CustomerBody = Strict({
  name: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
  email: Type.Optional(Nullable(Type.String({ maxLength: 320, pattern: '^[^@\\s]+@[^@\\s]+$' }))),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 32, pattern: '^\\+?[0-9 ()-]{3,31}$' }))),
  locale: Type.Optional(Nullable(Type.String({ maxLength: 35, pattern: '^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$' }))),
  timezone: Type.Optional(Nullable(Type.String({ maxLength: 64, description: 'IANA time zone, e.g. "Europe/Berlin".' }))),
  quietHours: Type.Optional(Nullable(QuietHoursBody)),
});
/** What a customer may set about themselves (the SDK's setQuietHours). */
const SELF_FIELDS = new Set(['timezone', 'quietHours', 'locale']);

export function customerRoutes(app: App, services: Pick<Services, 'customerTokens' | 'customers' | 'hooks'>): void {
  app.put(
    '/api/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: "Create or update a customer (by the app's own user id; a customer token: only its own timezone, quiet hours and locale)",
        operationId: 'upsertCustomer',
        params: IdParams,
        body: CustomerBody,
        response: { 200: ok('Customer'), ...errors(400, 403) },
      },
      preHandler: guard({ server: true, customer: true }),
    },
    async (req) => {
      const p = who(req);
      if (p.kind === 'customer') {
        if (p.customerId !== req.params.id) throw forbidden('A customer may change only their own settings.');
        const other = Object.keys(req.body).find((k) => !SELF_FIELDS.has(k));
        if (other) throw forbidden(`A customer token may set only timezone, quietHours and locale (not ${other}).`);
      }
      const row = await services.customers.upsert(req.params.id, req.body);
      if (req.body.quietHours !== undefined) services.hooks.quietHoursChanged(req.body.quietHours !== null);
      return customerDto(row);
    },
  );

  app.get(
    '/api/customers/:id',
    {
      schema: {
        tags: ['customers'],
        summary: 'Get a customer (a customer token sees only itself)',
        operationId: 'getCustomer',
        params: IdParams,
        response: { 200: ok('Customer'), ...errors(404) },
      },
      preHandler: guard({ server: true, customer: true, roles: ALL_ROLES }),
    },
    async (req) => {
      const p = who(req);
      if (p.kind === 'customer' && p.customerId !== req.params.id) throw notFound('Customer');
      return customerDto(await services.customers.get(req.params.id));
    },
  );

  app.post(
    '/api/customers/:id/token',
    {
      schema: {
        tags: ['customers'],
        summary: 'Mint a customer token (creates the customer if unknown)',
        operationId: 'createCustomerToken',
        response: { 200: ok('CustomerToken') },
        params: IdParams,
        body: Type.Optional(Strict({ ttlSeconds: Type.Optional(Type.Integer({ minimum: 60, maximum: 30 * 86_400 })) })),
      },
      preHandler: guard({ server: true }),
    },
    async (req) => {
      await services.customers.upsert(req.params.id, {});
      return services.customerTokens.mint(req.params.id, req.body?.ttlSeconds ?? 3600, req.workspaceId).then(({ token, expiresAt }) => ({
        token,
        expiresAt: new Date(expiresAt).toISOString(),
      }));
    },
  );
}
