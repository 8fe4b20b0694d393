import type { DevicesService, PushProviderName } from '../../core/devices.js';
import type { PushMessage } from '../../providers/provider.js';
import type { WorkspaceProviders } from '../../providers/workspace-providers.js';
import { DEFAULT_WORKSPACE, trustedWorkspaceId } from '../../store/workspace-scope.js';
import type { Sender } from '../../engine/sender.js';
import { ownPayload } from '../../engine/stored-rows.js';

/**
 * Sends one push to one device through the provider its workspace currently has configured. An
 * unconfigured provider gives `skipped` with its reason; a dead token removes the device
 * (a Telegram chat that blocked the bot is kept, disabled, as the user may unblock it).
 */
export function deviceSender(name: PushProviderName, providers: WorkspaceProviders, devices: DevicesService): Sender {
  // A fan-out sends one payload (of one notification) to every device in a row: it is parsed
  // once, not once per device. The stored text leaves out the ids its row holds: they are part of the key.
  let last: { text: string; notification: string | null; session: string | null; message: PushMessage } | undefined;
  return {
    async send(d) {
      // A row from before workspaces may not name one: it is default's (as in delivery-sql.ts).
      const workspace = d.workspace_id ?? DEFAULT_WORKSPACE;
      const registry = providers.built(workspace) ?? (await providers.of(trustedWorkspaceId(workspace)));
      const provider = registry.get(name);
      const status = provider?.status() ?? { configured: false as const, reason: `${name} is not available` };
      if (!provider || !status.configured) return { kind: 'skipped', reason: `${name} is not configured: ${status.configured ? '' : status.reason}` };
      const device = await devices.get(d.target);
      if (!device) return { kind: 'cancelled', reason: 'the device was unregistered' };
      if (device.disabled) return { kind: 'cancelled', reason: `the device is disabled (${device.disabled_reason ?? ''})` };
      if (last?.text !== d.payload || last.notification !== d.notification_id || last.session !== d.session_id) {
        last = { text: d.payload, notification: d.notification_id, session: d.session_id, message: JSON.parse(ownPayload(d)) as PushMessage };
      }
      const message = last.message;
      const result = await provider.send(message, { deviceId: device.id, token: device.token });
      return { kind: 'attempted', result, mayRetry: true };
    },
    async dropTarget(d, reason) {
      await devices.drop(d.target, reason, name === 'telegram');
    },
  };
}
