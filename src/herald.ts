import type { ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import { createMemoryBus } from './bus/memory-bus.js';
import type { Config } from './config.js';
import { AgentsService } from './core/agents.js';
import { ApiKeysService } from './core/api-keys.js';
import { bootstrap } from './core/bootstrap.js';
import { CustomersService } from './core/customers.js';
import type { CoreDeps } from './core/deps.js';
import { DepartmentsService } from './core/departments.js';
import { MessagesService } from './core/messages.js';
import { OperatorsService } from './core/operators.js';
import { PushConfigsService } from './core/push-configs.js';
import { SessionsService } from './core/sessions.js';
import { DeliveriesService } from './engine/deliveries.js';
import { type DeliveryJob, Dispatcher } from './engine/dispatcher.js';
import type { HeraldModule, ModuleFactory } from './engine/module.js';
import type { Sender } from './engine/senders.js';
import { emailSmsModule } from './engine/email/email-sms-module.js';
import { campaignsModule } from './engine/campaigns/campaigns-module.js';
import { pushModule } from './engine/push/push-module.js';
import { webhookModule } from './engine/webhook-module.js';
import { retentionModule } from './engine/retention.js';
import { createDeliveryHandler } from './engine/worker.js';
import type { App } from './http/types.js';
import { createMetrics, registerQueueGauge } from './metrics.js';
import { createLocalQueue } from './queue/local-queue.js';
import { loadOrCreateKeyFile } from './security/keys.js';
import { ActionTokens } from './security/action-tokens.js';
import { SecretBox } from './security/secret-box.js';
import { CustomerTokens } from './security/tokens.js';
import type { Services } from './services.js';
import { createDb } from './store/db.js';

export const VERSION = '0.1.0';

export type ServeRole = 'all' | 'api' | 'worker';

export interface HeraldOptions {
  log: Logger;
  role?: ServeRole;
  /** Jobs worked at once by this process. */
  concurrency?: number;
}

const WAKE_TOPIC = 'engine:wake';

/** Channel families, in planning order. */
const MODULES: ModuleFactory[] = [webhookModule, pushModule, emailSmsModule, campaignsModule, retentionModule];

export interface Herald {
  services: Services;
  app: App;
  /** Lines to print once (generated admin password, API key). */
  bootstrapLines: string[];
  start(): Promise<void>;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Wires config → store, bus, queue, services, engine and HTTP app. Nothing runs until start(). */
export async function createHerald(config: Readonly<Config>, opts: HeraldOptions): Promise<Herald> {
  const { log } = opts;
  const role = opts.role ?? 'all';
  const store = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  await store.migrate();
  const secretKey = config.secretKey ?? loadOrCreateKeyFile(config.dataDir, 'secret.key', 32);
  const box = new SecretBox(secretKey);
  const identitySecret = config.identitySecret ?? loadOrCreateKeyFile(config.dataDir, 'identity.key', 32).toString('base64');
  const metrics = createMetrics();
  // Cluster mode: BullMQ and ioredis are loaded only when HERALD_REDIS_URL is set.
  const redisUrl = config.redisUrl;
  const bus = redisUrl
    ? (await import('./bus/redis-bus.js')).createRedisBus({
        url: redisUrl,
        presenceTtlMs: config.presenceTtlS * 1000,
        onError: (err) => log.error({ err }, 'redis bus error'),
      })
    : createMemoryBus(config.presenceTtlS * 1000);
  const queue = redisUrl
    ? (await import('./queue/bullmq-queue.js')).createBullmqQueue<DeliveryJob>({
        connection: redisUrl,
        name: 'deliveries',
        onError: (err) => log.error({ err }, 'queue error'),
      })
    : createLocalQueue<DeliveryJob>({
        db: store.db,
        caps: store.caps,
        name: 'deliveries',
        releaseLocksOnStart: true,
        onError: (err) => log.error({ err }, 'queue error'),
      });

  registerQueueGauge(metrics, queue);
  let dispatcher: Dispatcher | undefined;
  // In a cluster the event may have been written on an API-only node: tell every worker, at most
  // once per 20 ms, instead of leaving it to their 1 s poll.
  let wakeSent = 0;
  const eventsWritten = () => {
    dispatcher?.wake();
    if (redisUrl && Date.now() - wakeSent > 20) {
      wakeSent = Date.now();
      void bus.publish(WAKE_TOPIC, 1);
    }
  };
  const core: CoreDeps = { db: store.db, caps: store.caps, bus, box, config, eventsWritten };
  const pushConfigs = new PushConfigsService(core);
  dispatcher = new Dispatcher({ store, queue, stages: [], log });
  const sessions = new SessionsService(core);
  const services: Services = {
    version: VERSION,
    config,
    store,
    bus,
    box,
    metrics,
    queue,
    customerTokens: new CustomerTokens(identitySecret),
    actionTokens: new ActionTokens(secretKey),
    apiKeys: new ApiKeysService(core),
    operators: new OperatorsService(core),
    departments: new DepartmentsService(core),
    agents: new AgentsService(core),
    customers: new CustomersService(core),
    sessions,
    messages: new MessagesService(core, sessions),
    pushConfigs,
    deliveries: new DeliveriesService(store, queue, bus),
    dispatcher,
    eventsWritten,
    streams: new Set<ServerResponse>(),
  };
  const modules: HeraldModule[] = [];
  const senders: Record<string, Sender> = {};
  for (const factory of MODULES) {
    const m = await factory(services, log);
    modules.push(m);
    dispatcher.addStages(m.stages ?? []);
    Object.assign(senders, m.senders);
  }
  const handler = createDeliveryHandler({ store, bus, metrics, log, retryScheduleS: config.retryScheduleS, senders });
  const bootstrapLines = await bootstrap(config, services.operators, services.apiKeys);
  const app = await buildApp(services, log, modules);

  return {
    services,
    app,
    bootstrapLines,
    async start() {
      if (role !== 'api') {
        queue.process(handler, { concurrency: opts.concurrency ?? 64 });
        dispatcher.start();
        if (redisUrl) bus.subscribe(WAKE_TOPIC, () => dispatcher.wake());
        for (const m of modules) await m.start?.();
      }
    },
    async listen() {
      return app.listen({ host: config.host, port: config.port });
    },
    async close() {
      for (const res of services.streams) res.end();
      await app.close();
      await dispatcher.stop();
      await queue.close();
      for (const m of modules) await m.stop?.();
      await bus.close();
      await store.close();
    },
  };
}
