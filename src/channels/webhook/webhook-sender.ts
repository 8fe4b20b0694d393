import type { PushConfigsService } from '../../core/push-configs.js';
import type { Provider } from '../../providers/provider.js';
import type { WebhookMessage } from '../../providers/webhook.js';
import type { Sender } from '../../engine/sender.js';
import { deliveryPayload } from '../../engine/stored-rows.js';
import type { Store } from '../../store/db.js';
import type { Row } from '../../store/schema.js';
import { type WorkspaceId, trustedWorkspaceId } from '../../store/workspace-scope.js';

const workspaceOf = (d: Row<'deliveries'>): WorkspaceId | undefined => (d.workspace_id ? trustedWorkspaceId(d.workspace_id) : undefined);

export function webhookSender(provider: Provider<WebhookMessage, string>, configs: PushConfigsService, store: Store): Sender {
  return {
    async send(d) {
      // Agent ids are per workspace: the configuration is the one of the delivery's workspace.
      const cfg = d.agent_id ? await configs.target(d.agent_id, workspaceOf(d)) : undefined;
      if (!cfg) return { kind: 'cancelled', reason: 'the push configuration was deleted' };
      // Planned just now, the row holds the body; read back from the table, it refers to its event's.
      const body = await deliveryPayload(store.db, d);
      const event = JSON.parse(body) as { id: string; event: string };
      if (!cfg.enabled && event.event !== 'push_config.test') {
        return { kind: 'cancelled', reason: 'the push configuration is disabled' };
      }
      // The URL may have changed since planning; the configuration of now wins.
      const result = await provider.send({ id: event.id, body, headers: cfg.headers, secrets: cfg.secrets }, cfg.url);
      return { kind: 'attempted', result, mayRetry: cfg.retry === 'standard' };
    },
    async dropTarget(d, reason) {
      if (d.agent_id) await configs.disable(d.agent_id, reason, workspaceOf(d));
    },
  };
}
