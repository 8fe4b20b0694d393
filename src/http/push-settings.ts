import { Type } from 'typebox';
import { PUSH_PROVIDERS, type PushProviderName } from '../core/devices.js';
import { MANAGER_ROLES, ALL_ROLES, WRITER_ROLES } from '../core/principal.js';
import type { SettingsStore } from '../core/settings.js';
import { diff } from '../core/audit.js';
import { DEFAULT_PUSH_SETTINGS, PUSH_SETTINGS_KEY, type PushSettings } from '../channels/push/push-stage.js';
import type { WorkspaceProviders } from '../providers/workspace-providers.js';
import { DEFAULT_WORKSPACE, currentWorkspace } from '../store/workspace-scope.js';
import { guard } from './auth.js';
import { errors, ok } from './openapi.js';
import { Strict } from './schemas.js';
import type { App } from './types.js';

export function pushSettingsRoutes(app: App, deps: { providers: WorkspaceProviders; settings: SettingsStore }): void {
  const { providers, settings } = deps;
  // The request's workspace (set by the auth hook from the principal); `default` only outside one.
  const workspace = () => currentWorkspace() ?? DEFAULT_WORKSPACE;
  const registry = () => providers.of(workspace());
  // Browsers subscribe with this key; anyone who may register a device may read it.
  app.get(
    '/api/push/vapid',
    {
      schema: { tags: ['settings'], summary: 'The VAPID public key browsers subscribe with', operationId: 'getVapidKey', response: { 200: ok('VapidKey') } },
      preHandler: guard({ customer: true, server: true, roles: WRITER_ROLES }),
    },
    async () => ({
      publicKey: (await registry()).vapidPublicKey(),
    }),
  );

  app.get(
    '/api/settings/providers',
    {
      schema: {
        tags: ['settings'],
        summary: 'Push providers: status and settings (secrets masked)',
        operationId: 'listProviders',
        response: { 200: ok('ProviderList') },
      },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async () => ({
      items: await (await registry()).describe(),
    }),
  );
  app.put(
    '/api/settings/providers/:name',
    {
      schema: {
        tags: ['settings'],
        summary: "Change a push provider's settings (stored encrypted; environment values win)",
        operationId: 'updateProvider',
        response: { 200: ok('ProviderSettings'), ...errors(409) },
        params: Strict({ name: Type.Union(PUSH_PROVIDERS.map((p) => Type.Literal(p))) }),
        body: Strict({ values: Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 16384 }), Type.Null()])) }),
      },
      preHandler: guard({ server: true, roles: MANAGER_ROLES }),
    },
    async (req) => {
      const name = req.params.name as PushProviderName;
      await providers.update(workspace(), name, req.body.values);
      return (await (await registry()).describe()).find((p) => p.name === name);
    },
  );

  app.get(
    '/api/settings/push',
    {
      schema: { tags: ['settings'], summary: 'Push notification settings', operationId: 'getPushSettings', response: { 200: ok('PushSettings') } },
      preHandler: guard({ server: true, roles: ALL_ROLES }),
    },
    async () => settings.get(PUSH_SETTINGS_KEY, DEFAULT_PUSH_SETTINGS),
  );
  app.put(
    '/api/settings/push',
    {
      schema: {
        tags: ['settings'],
        summary: 'Change push notification settings (message preview)',
        operationId: 'updatePushSettings',
        body: Strict({ messagePreview: Type.Boolean() }),
        response: { 200: ok('PushSettings') },
      },
      preHandler: guard({ server: true, roles: MANAGER_ROLES }),
    },
    async (req) => {
      const current = await settings.get(PUSH_SETTINGS_KEY, DEFAULT_PUSH_SETTINGS);
      const next: PushSettings = { ...current, ...req.body };
      await settings.setAudited(PUSH_SETTINGS_KEY, next, {
        action: 'settings.updated',
        target: { type: 'settings', id: 'push' },
        changes: diff({ ...current }, { ...next }),
      });
      return next;
    },
  );
}
