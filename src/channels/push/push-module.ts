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
import { DEFAULT_WORKSPACE, withWorkspace } from '../../store/workspace-scope.js';
import type { Sender } from '../../engine/sender.js';
import { deviceSender } from './device-sender.js';
import { pushStage } from './push-stage.js';

/** Notifications to people's devices: customers' phones, Mini Apps and browsers, operators' browsers. */
export const pushModule: ModuleFactory<'actionTokens' | 'box' | 'bus' | 'config' | 'deliveries' | 'dispatcher' | 'events' | 'messages' | 'store'> = async (
  services,
  log,
) => {
  const core = {
    db: services.store.db,
    caps: services.store.caps,
    writer: services.store.writer,
    bus: services.bus,
    box: services.box,
    config: services.config,
    events: services.events,
  };
  const settings = new SettingsStore(services.store.db);
  const devices = new DevicesService(core);
  const preferences = new PreferencesService(core);
  const notifications = new NotificationsService(core);
  const vapid = await loadVapidKeys({
    dataDir: services.config.dataDir,
    publicKey: services.config.providers.vapid.publicKey,
    privateKey: services.config.providers.vapid.privateKey,
  });
  const registry = new ProviderRegistry({
    config: services.config.providers,
    envSet: services.config.envSet,
    settings,
    box: services.box,
    vapid,
    timeoutMs: services.config.webhookTimeoutMs,
    log,
    allowPrivate: services.config.allowPrivateWebhooks,
  });
  // The instance's providers: environment over workspace default's stored settings (until each
  // workspace has its own, wsprov).
  await withWorkspace(DEFAULT_WORKSPACE, () => registry.init());
  const senders: Record<string, Sender> = {};
  for (const name of PUSH_PROVIDERS) senders[name] = deviceSender(name, registry, devices);
  return {
    name: 'push',
    stages: [pushStage({ bus: services.bus, settings, publicUrl: services.config.publicUrl, actionTokens: services.actionTokens })],
    senders,
    routes(app) {
      deviceRoutes(app, devices, preferences);
      notificationRoutes(app, { notifications, deliveries: services.deliveries, dispatcher: services.dispatcher });
      notificationActionRoutes(app, new NotificationActionsService(core, services.actionTokens, services.messages));
      pushSettingsRoutes(app, { registry, settings, vapidPublicKey: vapid.publicKey });
      intercomRoutes(app, { clientSecret: services.config.providers.intercom.clientSecret, notifications, log });
    },
    stop: () => registry.closeAll(),
  };
};
