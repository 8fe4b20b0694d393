import { createWebhookProvider } from '../../providers/webhook.js';
import type { ModuleFactory } from '../module.js';
import { webhookSender } from './webhook-sender.js';
import { webhookStage } from './webhook-stage.js';

/** Per-agent push notifications: signed webhooks to each agent's configured endpoint. */
export const webhookModule: ModuleFactory = (s) => {
  const provider = createWebhookProvider({
    timeoutMs: s.config.webhookTimeoutMs,
    allowPrivate: s.config.allowPrivateWebhooks,
    connectionsPerOrigin: s.config.destinationConcurrency,
  });
  return {
    name: 'webhook',
    stages: [webhookStage(s.pushConfigs)],
    senders: { webhook: webhookSender(provider, s.pushConfigs) },
    stop: () => provider.close(),
  };
};
