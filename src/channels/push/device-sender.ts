import type { DevicesService, PushProviderName } from '../../core/devices.js';
import type { PushMessage } from '../../providers/provider.js';
import type { WorkspaceProviders } from '../../providers/workspace-providers.js';
import { DEFAULT_WORKSPACE, trustedWorkspaceId } from '../../store/workspace-scope.js';
import type { Sender } from '../../engine/sender.js';

/**
 * Sends one push to one device through the provider its workspace currently has configured. An
 * unconfigured provider gives `skipped` with its reason; a dead token removes the device
 * (a Telegram chat that blocked the bot is kept, disabled, as the user may unblock it).
 */
export function deviceSender(name: PushProviderName, providers: WorkspaceProviders, devices: DevicesService): Sender {
  // A fan-out sends one payload to every device in a row: it is parsed once, not once per device.
  let last: { text: string; message: PushMessage } | undefined;
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
      if (last?.text !== d.payload) last = { text: d.payload, message: JSON.parse(d.payload) as PushMessage };
      const message = last.message;
      const result = await provider.send(message, { deviceId: device.id, token: device.token });
      return { kind: 'attempted', result, mayRetry: true };
    },
    async dropTarget(d, reason) {
      await devices.drop(d.target, reason, name === 'telegram');
    },
  };
}
