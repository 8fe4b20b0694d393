import { DevicesService, PUSH_PROVIDERS } from '../../core/devices.js';
import { NotificationActionsService } from '../../core/notification-actions.js';
import { NotificationsService } from '../../core/notifications.js';
import { PreferencesService } from '../../core/preferences.js';
import { SettingsStore } from '../../core/settings.js';
import { deviceRoutes } from '../../http/devices.js';
import { intercomRoutes } from '../../http/intercom-webhook.js';
import { notificationActionRoutes } from '../../http/notification-actions.js';
import { notificationRoutes } from '../../http/notifications.js';
import { pushSettingsRoutes } from '../../http/push-settings.js';
import { ProviderRegistry } from '../../providers/registry.js';
import { loadVapidKeys } from '../../providers/vapid.js';
import type { ModuleFactory } from '../module.js';
import type { Sender } from '../../engine/sender.js';
import { deviceSender } from './device-sender.js';
import { pushStage } from './push-stage.js';

/** Notifications to people's devices: customers' phones, Mini Apps and browsers, operators' browsers. */
export const pushModule: ModuleFactory = async (s, log) => {
  const core = { db: s.store.db, caps: s.store.caps, writer: s.store.writer, bus: s.bus, box: s.box, config: s.config, events: s.events };
  const settings = new SettingsStore(s.store.db);
  const devices = new DevicesService(core);
  const preferences = new PreferencesService(core);
  const notifications = new NotificationsService(core);
  const vapid = await loadVapidKeys({ dataDir: s.config.dataDir, publicKey: s.config.providers.vapid.publicKey, privateKey: s.config.providers.vapid.privateKey });
  const registry = new ProviderRegistry({
    config: s.config.providers,
    envSet: s.config.envSet,
    settings,
    box: s.box,
    vapid,
    timeoutMs: s.config.webhookTimeoutMs,
    log,
    allowPrivate: s.config.allowPrivateWebhooks,
  });
  await registry.init();
  const senders: Record<string, Sender> = {};
  for (const name of PUSH_PROVIDERS) senders[name] = deviceSender(name, registry, devices);
  return {
    name: 'push',
    stages: [pushStage({ bus: s.bus, settings, publicUrl: s.config.publicUrl, actionTokens: s.actionTokens })],
    senders,
    routes(app) {
      deviceRoutes(app, devices, preferences);
      notificationRoutes(app, { notifications, deliveries: s.deliveries, dispatcher: s.dispatcher });
      notificationActionRoutes(app, new NotificationActionsService(core, s.actionTokens, s.messages));
      pushSettingsRoutes(app, { registry, settings, vapidPublicKey: vapid.publicKey });
      intercomRoutes(app, { clientSecret: s.config.providers.intercom.clientSecret, notifications, log });
    },
    stop: () => registry.closeAll(),
  };
};
