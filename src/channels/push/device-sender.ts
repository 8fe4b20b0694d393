import type { DevicesService, PushProviderName } from '../../core/devices.js';
import type { PushMessage } from '../../providers/provider.js';
import type { WorkspaceProviders } from '../../providers/workspace-providers.js';
import type { Row } from '../../store/schema.js';
import { type WorkspaceId, withWorkspace, workspaceOfRow } from '../../store/workspace-scope.js';
import type { Sender } from '../../engine/sender.js';
import { ownPayload } from '../../engine/stored-rows.js';

/** Devices read in one query for the next deliveries. */
const READ_AHEAD_MAX = 256;

/**
 * Sends one push to one device through the provider its workspace currently has configured. An
 * unconfigured provider gives `skipped` with its reason; a dead token removes the device
 * (a Telegram chat that blocked the bot is kept, disabled, as the user may unblock it).
 */
export function deviceSender(name: PushProviderName, providers: WorkspaceProviders, devices: DevicesService): Sender {
  // A fan-out sends one payload (of one notification) to every device in a row: it is parsed
  // once, not once per device. The stored text leaves out the ids its row holds: they are part of the key.
  let last: { text: string; notification: string | null; session: string | null; message: PushMessage } | undefined;
  // Devices read ahead for the next deliveries (prepare), each taken by its send. Bounded: what
  // is prepared and then not sent (a circuit opened) is forgotten with the rest past the bound.
  const readAhead = new Map<string, Promise<Row<'devices'> | undefined>>();
  return {
    prepare(rows) {
      if (readAhead.size > 4 * READ_AHEAD_MAX) readAhead.clear();
      const byWorkspace = new Map<WorkspaceId, string[]>();
      for (const d of rows) {
        if (readAhead.has(d.target)) continue;
        const ws = workspaceOfRow(d);
        const ids = byWorkspace.get(ws);
        if (ids) ids.push(d.target);
        else byWorkspace.set(ws, [d.target]);
      }
      for (const [ws, ids] of byWorkspace) {
        for (let i = 0; i < ids.length; i += READ_AHEAD_MAX) {
          const part = ids.slice(i, i + READ_AHEAD_MAX);
          const found = withWorkspace(ws, () => devices.getMany(part)).then((list) => new Map(list.map((x) => [x.id, x])));
          // A failed read costs nothing: each send then reads its own device.
          for (const id of part)
            readAhead.set(
              id,
              found.then((m) => m.get(id)).catch(() => withWorkspace(ws, () => devices.get(id))),
            );
        }
      }
    },
    async send(d) {
      const workspace = workspaceOfRow(d);
      const registry = providers.built(workspace) ?? (await providers.of(workspace));
      const provider = registry.get(name);
      const status = provider?.status() ?? { configured: false as const, reason: `${name} is not available` };
      if (!provider || !status.configured) return { kind: 'skipped', reason: `${name} is not configured: ${status.configured ? '' : status.reason}` };
      const early = readAhead.get(d.target);
      readAhead.delete(d.target);
      const device = await (early ?? devices.get(d.target));
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
