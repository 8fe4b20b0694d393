import type { PushConfigsService } from '../core/push-configs.js';
import type { DeliveryResult, Provider } from '../providers/provider.js';
import type { WebhookMessage } from '../providers/webhook.js';
import type { Row } from '../store/schema.js';

/** What a sender made of one delivery: an attempt, or a reason not to attempt at all. */
export type SendOutcome =
  | { kind: 'attempted'; result: DeliveryResult; mayRetry: boolean }
  | { kind: 'cancelled'; reason: string }
  | { kind: 'skipped'; reason: string };

/** Turns a stored delivery into one provider call; one sender per channel. */
export interface Sender {
  send(delivery: Row<'deliveries'>): Promise<SendOutcome>;
  /** The target is gone for good (410, unregistered token): stop sending to it. */
  dropTarget(delivery: Row<'deliveries'>, reason: string): Promise<void>;
}

export function webhookSender(provider: Provider<WebhookMessage, string>, configs: PushConfigsService): Sender {
  return {
    async send(d) {
      const cfg = d.agent_id ? await configs.target(d.agent_id) : undefined;
      if (!cfg) return { kind: 'cancelled', reason: 'the push configuration was deleted' };
      const event = JSON.parse(d.payload) as { id: string; event: string };
      if (!cfg.enabled && event.event !== 'push_config.test') {
        return { kind: 'cancelled', reason: 'the push configuration is disabled' };
      }
      // The URL may have changed since planning; the configuration of now wins.
      const result = await provider.send({ id: event.id, body: d.payload, headers: cfg.headers, secrets: cfg.secrets }, cfg.url);
      return { kind: 'attempted', result, mayRetry: cfg.retry === 'standard' };
    },
    async dropTarget(d, reason) {
      if (d.agent_id) await configs.disable(d.agent_id, reason);
    },
  };
}
