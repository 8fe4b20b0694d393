import { Type } from 'typebox';
import { ALL_ROLES, MANAGER_ROLES } from '../core/principal.js';
import { RELAYS, type WorkspaceRelays } from '../channels/email-sms/workspace-relays.js';
import { DEFAULT_WORKSPACE, currentWorkspace } from '../store/workspace-scope.js';
import { guard } from './auth.js';
import { errors, ok } from './openapi.js';
import { Strict } from './schemas.js';
import type { App } from './types.js';

/**
 * A workspace's own SMTP and Twilio relays (docs/workspaces.md): beside the push providers'
 * `/api/settings/providers/:name`, as static paths (they take precedence over the parameter).
 */
export function relaySettingsRoutes(app: App, deps: { relays: WorkspaceRelays }): void {
  const workspace = () => currentWorkspace() ?? DEFAULT_WORKSPACE;
  for (const name of RELAYS) {
    const title = name === 'smtp' ? 'SMTP relay' : 'Twilio account';
    const op = name === 'smtp' ? 'Smtp' : 'Twilio';
    app.get(
      `/api/settings/providers/${name}`,
      {
        schema: {
          tags: ['settings'],
          summary: `The workspace's ${title}: status and settings (secrets masked)`,
          operationId: `get${op}Settings`,
          response: { 200: ok('RelaySettings') },
        },
        preHandler: guard({ server: true, roles: ALL_ROLES }),
      },
      async () => deps.relays.describe(workspace(), name),
    );
    app.put(
      `/api/settings/providers/${name}`,
      {
        schema: {
          tags: ['settings'],
          summary: `Change the workspace's ${title} (stored encrypted; in workspace default environment values win)`,
          operationId: `update${op}Settings`,
          body: Strict({ values: Type.Record(Type.String(), Type.Union([Type.String({ maxLength: 4096 }), Type.Null()])) }),
          response: { 200: ok('RelaySettings'), ...errors(409) },
        },
        preHandler: guard({ server: true, roles: MANAGER_ROLES }),
      },
      async (req) => {
        await deps.relays.update(workspace(), name, req.body.values);
        return deps.relays.describe(workspace(), name);
      },
    );
  }
}
