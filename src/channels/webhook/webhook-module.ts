import { createWebhookProvider } from '../../providers/webhook.js';
import type { ModuleFactory } from '../module.js';
import { webhookSender } from './webhook-sender.js';
import { webhookStage } from './webhook-stage.js';

/** Per-agent push notifications: signed webhooks to each agent's configured endpoint. */
export const webhookModule: ModuleFactory<'config' | 'pushConfigs' | 'store'> = (services) => {
  const provider = createWebhookProvider({
    timeoutMs: services.config.webhookTimeoutMs,
    allowPrivate: services.config.allowPrivateWebhooks,
    connectionsPerOrigin: services.config.destinationConcurrency,
  });
  return {
    name: 'webhook',
    stages: [webhookStage(services.pushConfigs)],
    senders: { webhook: webhookSender(provider, services.pushConfigs, services.store) },
    stop: () => provider.close(),
  };
};
