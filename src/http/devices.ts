import { Type } from 'typebox';
import { type Owner, PUSH_PROVIDERS, deviceDto } from '../core/devices.js';
import { type Principal, WRITER_ROLES, ALL_ROLES } from '../core/principal.js';
import { HeraldError } from '../errors.js';
import type { DevicesService } from '../core/devices.js';
import type { PreferencesService } from '../core/preferences.js';
import { guard, who } from './auth.js';
import { errors, noContent, ok } from './openapi.js';
import { Strict } from './schemas.js';
import type { App } from './types.js';

/** Devices and preferences belong to the caller: a customer (token) or an operator (cookie). */
export function ownerOf(p: Principal): Owner {
  if (p.kind === 'customer') return { type: 'customer', id: p.customerId };
  if (p.kind === 'operator') return { type: 'operator', id: p.operatorId };
  throw new HeraldError('FORBIDDEN', 'Devices and notification settings belong to a customer or an operator; use their credentials.');
}

const Opt = (max: number) => Type.Optional(Type.String({ minLength: 1, maxLength: max }));

export function deviceRoutes(app: App, devices: DevicesService, preferences: PreferencesService): void {
  const people = guard({ customer: true, roles: ALL_ROLES });
  app.post(
    '/api/devices/register',
    {
      schema: {
        tags: ['devices'],
        summary: "Register the caller's device for push (upsert by token)",
        description: 'Default provider by platform: mobile → fcm, tma → telegram, web → webpush (token = the PushSubscription JSON).',
        operationId: 'registerDevice',
        response: { 200: ok('Device', 'Already registered; updated.'), 201: ok('Device', 'Registered.') },
        body: Strict({
          platform: Type.Union([Type.Literal('mobile'), Type.Literal('tma'), Type.Literal('web')]),
          token: Type.String({ minLength: 1, maxLength: 4096 }),
          provider: Type.Optional(Type.Union(PUSH_PROVIDERS.map((p) => Type.Literal(p)))),
          appVersion: Opt(64),
          osVersion: Opt(64),
          hardwareId: Opt(128),
          locale: Opt(35),
        }),
      },
      preHandler: guard({ customer: true, roles: WRITER_ROLES }),
    },
    async (req, reply) => {
      const { device, created } = await devices.register(ownerOf(who(req)), req.body);
      return reply.status(created ? 201 : 200).send(deviceDto(device));
    },
  );
  app.post(
    '/api/devices/unregister',
    {
      schema: {
        tags: ['devices'],
        summary: "Unregister one of the caller's devices",
        operationId: 'unregisterDevice',
        body: Strict({ token: Type.String({ minLength: 1, maxLength: 4096 }) }),
        response: { 204: noContent('Unregistered.'), ...errors(404) },
      },
      preHandler: people,
    },
    async (req, reply) => {
      await devices.unregister(ownerOf(who(req)), req.body.token);
      return reply.status(204).send();
    },
  );
  app.get(
    '/api/devices',
    {
      schema: { tags: ['devices'], summary: "The caller's devices", operationId: 'listDevices', response: { 200: ok('DeviceList') } },
      preHandler: people,
    },
    async (req) => ({
      items: (await devices.list(ownerOf(who(req)))).map(deviceDto),
    }),
  );

  app.get(
    '/api/settings/notifications',
    {
      schema: {
        tags: ['devices'],
        summary: "The caller's notification preferences",
        operationId: 'getNotificationPreferences',
        response: { 200: ok('NotificationPreferences') },
      },
      preHandler: people,
    },
    async (req) => preferences.get(ownerOf(who(req))),
  );
  app.put(
    '/api/settings/notifications',
    {
      schema: {
        tags: ['devices'],
        summary: "Change the caller's notification preferences (any subset)",
        operationId: 'updateNotificationPreferences',
        response: { 200: ok('NotificationPreferences') },
        body: Strict({
          chatMessages: Type.Optional(Type.Boolean()),
          ticketUpdates: Type.Optional(Type.Boolean()),
          systemNotices: Type.Optional(Type.Boolean()),
        }),
      },
      preHandler: people,
    },
    async (req) => {
      const p = who(req);
      if (p.kind === 'operator' && p.role === 'viewer') throw new HeraldError('FORBIDDEN', 'The viewer role may not change notification settings.');
      return preferences.update(ownerOf(p), req.body);
    },
  );
}
