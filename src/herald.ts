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
import { Events } from './core/events.js';
import { MessagesService } from './core/messages.js';
import { OperatorsService } from './core/operators.js';
import { PushConfigsService } from './core/push-configs.js';
import { SessionsService } from './core/sessions.js';
import { AnalyticsService } from './engine/analytics.js';
import { DeliveriesService } from './engine/deliveries.js';
import { ExplainService } from './engine/explain.js';
import { DeliverySql } from './engine/delivery-sql.js';
import { DestinationBook } from './engine/destination-book.js';
import { DestinationsView } from './engine/destinations-view.js';
import { Dispatcher } from './engine/dispatcher.js';
import { type EngineActivity, engineActivity } from './engine/engine-activity.js';
import { createLocalLimiter } from './engine/in-flight-limiter.js';
import { DeliveryScheduler } from './engine/scheduler.js';
import { autoDisable } from './engine/auto-disable.js';
import type { HeraldModule, ModuleFactory } from './channels/module.js';
import type { Sender } from './engine/sender.js';
import { emailSmsModule } from './channels/email-sms/email-sms-module.js';
import { campaignsModule } from './channels/campaigns/campaigns-module.js';
import { pushModule } from './channels/push/push-module.js';
import { webhookModule } from './channels/webhook/webhook-module.js';
import { retentionModule } from './engine/retention.js';
import { readStateModule } from './readstate/readstate-module.js';
import type { App } from './http/types.js';
import { createMetrics, registerEngineGauges } from './metrics.js';
import { loadOrCreateKeyFile } from './security/keys.js';
import { ActionTokens } from './security/action-tokens.js';
import { SecretBox } from './security/secret-box.js';
import { CustomerTokens } from './security/tokens.js';
import type { Services } from './services.js';
import { createDb } from './store/db.js';
import { DEFAULT_WORKSPACE, withWorkspace } from './store/workspace-scope.js';
import { AuditLogService } from './core/audit-log.js';
import { WorkspacesService } from './core/workspaces.js';
import { InvitationsService } from './core/invitations.js';
import { PasswordResetsService } from './core/password-resets.js';
import { OidcLogin } from './security/oidc.js';
import { auditRetentionModule } from './engine/audit-retention.js';

export const VERSION = '0.1.0';

export type ServeRole = 'all' | 'api' | 'worker';

export interface HeraldOptions {
  log: Logger;
  role?: ServeRole;
  /** Attempts in flight at once in this process, all destinations together. */
  concurrency?: number;
}

const WAKE_TOPIC = 'engine:wake';

/** Channel families, in planning order. */
const MODULES: ModuleFactory[] = [webhookModule, pushModule, emailSmsModule, campaignsModule, retentionModule, auditRetentionModule, readStateModule];

export interface Herald {
  services: Services;
  app: App;
  /** Lines to print once (generated admin password, API key). */
  bootstrapLines: string[];
  /**
   * What the engine of this process is doing, for tests that must know nothing more will happen
   * (test/helpers/settled.ts) rather than sleep and hope.
   */
  engine: {
    /** Resolves when this process plans nothing and has no attempt in flight. */
    idle(): Promise<void>;
    /** What is left to do, as the shared database shows it. */
    activity(): Promise<EngineActivity>;
  };
  start(): Promise<void>;
  listen(): Promise<string>;
  close(): Promise<void>;
}

/** Wires config → store, bus, queue, services, engine and HTTP app. Nothing runs until start(). */
export async function createHeraldServer(config: Readonly<Config>, opts: HeraldOptions): Promise<Herald> {
  const { log } = opts;
  const role = opts.role ?? 'all';
  const store = createDb({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    prepared: config.databasePrepared,
    onConnectionError: (err) => log.warn({ err: err.message }, 'database connection lost; queries will reconnect'),
  });
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
  // How long a claim lasts in a cluster: longer than any attempt may take, short enough that a
  // dead process's deliveries are taken up again within seconds. Embedded: no lease (see scheduler).
  const leaseMs = redisUrl ? config.webhookTimeoutMs + 5000 : null;
  const limiter = redisUrl
    ? (await import('./engine/redis-limiter.js')).createRedisLimiter({
        url: redisUrl,
        leaseMs: leaseMs!,
        onError: (err) => log.error({ err }, 'redis limiter error'),
      })
    : createLocalLimiter();
  const sql = new DeliverySql(store.caps);
  const policy = { failureThreshold: config.circuitFailures, probeIntervalMs: config.circuitProbeS * 1000 };
  let onSustainedFailure: (key: string, since: number) => Promise<void> = async () => {};
  const book = new DestinationBook({
    store,
    sql,
    bus,
    policy,
    log,
    disableAfterMs: config.webhookDisableAfterH * 3600_000,
    onSustainedFailure: (key, since) => onSustainedFailure(key, since),
  });
  const senders: Record<string, Sender> = {};
  const scheduler = new DeliveryScheduler({
    store,
    sql,
    book,
    limiter,
    bus,
    metrics,
    log,
    senders,
    retryScheduleS: config.retryScheduleS,
    destinationConcurrency: config.destinationConcurrency,
    maxInFlight: opts.concurrency ?? 512,
    leaseMs,
    probeIntervalMs: policy.probeIntervalMs,
    releaseClaimsOnStart: !redisUrl,
    refreshMs: redisUrl ? 1000 : 10_000,
  });
  registerEngineGauges(metrics, { store, book, limiter });
  let dispatcher: Dispatcher | undefined;
  // In a cluster the event may have been written on an API-only node: tell every worker, at most
  // once per 20 ms, instead of leaving it to their 1 s poll.
  let wakeSent = 0;
  const wakeCluster = () => {
    if (redisUrl && Date.now() - wakeSent > 20) {
      wakeSent = Date.now();
      void bus.publish(WAKE_TOPIC, 1);
    }
  };
  // A wake-up from a request carries that request's scope; the dispatcher and the scheduler say
  // themselves which workspace each of their queries works in (asSystem, withWorkspace).
  const eventsWritten = (inWriter = false) => {
    // Events a writer's batch raised were planned in its transaction unless planning there is off.
    if (!inWriter || !dispatcher?.plansWithinWrites()) dispatcher?.wake();
    wakeCluster();
  };
  const deliveriesDue = (destination: string, at: number) => {
    if (role !== 'api') scheduler.hint(destination, at);
    wakeCluster();
  };
  const events = new Events({ db: store.db, eventsWritten });
  const core: CoreDeps = { db: store.db, caps: store.caps, writer: store.writer, bus, box, config, events };
  const pushConfigs = new PushConfigsService(core);
  dispatcher = new Dispatcher({ store, sql, book, limiter, scheduler, stages: [], log, destinationConcurrency: config.destinationConcurrency, leaseMs });
  onSustainedFailure = autoDisable({ pushConfigs, events, bus, log, afterH: config.webhookDisableAfterH });
  const sessions = new SessionsService(core);
  const workspaces = new WorkspacesService(core);
  const services: Services = {
    version: VERSION,
    config,
    store,
    bus,
    box,
    metrics,
    destinations: new DestinationsView(store, book, limiter),
    // default's tokens are verified with this process's own identity secret, as before workspaces.
    customerTokens: new CustomerTokens(async (ws) => (ws === DEFAULT_WORKSPACE ? identitySecret : workspaces.identitySecret(ws))),
    actionTokens: new ActionTokens(secretKey),
    apiKeys: new ApiKeysService(core),
    operators: new OperatorsService(core),
    departments: new DepartmentsService(core),
    agents: new AgentsService(core),
    customers: new CustomersService(core),
    sessions,
    messages: new MessagesService(core, sessions),
    pushConfigs,
    deliveries: new DeliveriesService(store, bus, deliveriesDue),
    invitations: new InvitationsService(core, { password: config.passwordLogin, sso: config.oidc !== undefined }),
    passwordResets: new PasswordResetsService(core, config.passwordLogin),
    audit: new AuditLogService(store.db),
    workspaces,
    oidc: config.oidc ? new OidcLogin(config.oidc, config.publicUrl, box) : undefined,
    explain: new ExplainService(store),
    analytics: new AnalyticsService(store),
    dispatcher,
    events,
    hooks: { quietHoursChanged: () => {} },
    streams: new Set<ServerResponse>(),
  };
  const modules: HeraldModule[] = [];
  for (const factory of MODULES) {
    const m = await factory(services, log);
    modules.push(m);
    dispatcher.addStages(m.stages ?? []);
    Object.assign(senders, m.senders);
    if (m.gate) {
      dispatcher.useGate(m.gate);
      scheduler.useGate(m.gate);
    }
  }
  // The deployment's identity secret is workspace `default`'s (0014).
  await services.workspaces.adoptDefaultIdentitySecret(identitySecret);
  // The first admin and the first server key are workspace `default`'s (the deployment's own).
  const bootstrapLines = await withWorkspace(DEFAULT_WORKSPACE, () => bootstrap(config, services.operators, services.apiKeys));
  // Cluster mode: rate-limit counters and the login throttle are shared through Redis.
  const securityRedis = redisUrl
    ? new (await import('ioredis')).Redis(redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false })
    : undefined;
  securityRedis?.on('error', (err) => log.error({ err }, 'redis (rate limits) error'));
  const app = await buildApp(services, log, modules, { redis: securityRedis });

  return {
    services,
    app,
    bootstrapLines,
    engine: {
      async idle() {
        await dispatcher.idle();
        await scheduler.idle();
      },
      activity: () => engineActivity(store.db),
    },
    async start() {
      if (role !== 'api') {
        await book.load();
        scheduler.start();
        dispatcher.start();
        if (redisUrl) {
          bus.subscribe(WAKE_TOPIC, () => {
            dispatcher.wake();
            scheduler.refreshSoon();
          });
        }
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
      await scheduler.stop();
      book.stop();
      await limiter.close();
      for (const m of modules) await m.stop?.();
      await bus.close();
      await securityRedis?.quit().catch(() => securityRedis.disconnect());
      await store.close();
    },
  };
}
