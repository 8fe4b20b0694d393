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
  // once, not once per device, and the provider sees one message object (what it prepared for).
  // The stored text leaves out the ids its row holds: they are part of the key.
  const messages = new Map<string, PushMessage>();
  const messageOf = (d: Row<'deliveries'>): PushMessage => {
    const key = `${d.notification_id ?? ''}\u0000${d.session_id ?? ''}\u0000${d.payload}`;
    let message = messages.get(key);
    if (!message) {
      if (messages.size >= 16) messages.clear();
      message = JSON.parse(ownPayload(d)) as PushMessage;
      messages.set(key, message);
    }
    return message;
  };
  /** The provider encrypts (or otherwise readies) the message for these devices ahead of their sends. */
  const prepareSends = (ws: WorkspaceId, rows: ReadonlyArray<Row<'deliveries'>>, found: Map<string, Row<'devices'>>): void => {
    const provider = providers.built(ws)?.get(name);
    if (!provider?.prepare || !provider.status().configured) return;
    const byMessage = new Map<PushMessage, Array<{ deviceId: string; token: string }>>();
    for (const d of rows) {
      const device = found.get(d.target);
      if (!device || device.disabled) continue;
      const message = messageOf(d);
      const list = byMessage.get(message);
      if (list) list.push({ deviceId: device.id, token: device.token });
      else byMessage.set(message, [{ deviceId: device.id, token: device.token }]);
    }
    for (const [message, targets] of byMessage) provider.prepare(message, targets);
  };
  // Devices read ahead for the next deliveries (prepare), each taken by its send. Bounded: what
  // is prepared and then not sent (a circuit opened) is forgotten with the rest past the bound.
  const readAhead = new Map<string, Promise<Row<'devices'> | undefined>>();
  return {
    prepare(rows) {
      if (readAhead.size > 4 * READ_AHEAD_MAX) readAhead.clear();
      const byWorkspace = new Map<WorkspaceId, Array<Row<'deliveries'>>>();
      for (const d of rows) {
        if (readAhead.has(d.target)) continue;
        const ws = workspaceOfRow(d);
        const list = byWorkspace.get(ws);
        if (list) list.push(d);
        else byWorkspace.set(ws, [d]);
      }
      for (const [ws, list] of byWorkspace) {
        for (let i = 0; i < list.length; i += READ_AHEAD_MAX) {
          const rowsPart = list.slice(i, i + READ_AHEAD_MAX);
          const part = rowsPart.map((d) => d.target);
          const found = withWorkspace(ws, () => devices.getMany(part)).then((got) => {
            const m = new Map(got.map((x) => [x.id, x]));
            try {
              prepareSends(ws, rowsPart, m);
            } catch {
              // A hint only: each send then does its own work.
            }
            return m;
          });
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
      const message = messageOf(d);
      const result = await provider.send(message, { deviceId: device.id, token: device.token });
      return { kind: 'attempted', result, mayRetry: true };
    },
    async dropTarget(d, reason) {
      await devices.drop(d.target, reason, name === 'telegram');
    },
  };
}
