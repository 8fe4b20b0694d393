/**
 * The `herald` CLI. The only reader of process.env: configuration is parsed here, once.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { type ServeRole, createHerald } from './herald.js';
import { createLogger } from './logger.js';
import { createDb } from './store/db.js';
import { OperatorsService } from './core/operators.js';
import { ApiKeysService } from './core/api-keys.js';
import { createMemoryBus } from './bus/memory-bus.js';
import { SecretBox } from './security/secret-box.js';
import type { CoreDeps } from './core/deps.js';
import { HeraldError } from './errors.js';
import { doctor } from './doctor.js';
import { loadVapidKeys } from './providers/vapid.js';
import { holdSingleProcessLock } from './store/single-process-lock.js';

const USAGE = `Usage: herald <command> [options]

Commands:
  serve [--role all|api|worker]   run the API, the portal and the delivery workers
  migrate                         apply database migrations and exit
  create-operator --email E --role admin|manager|operator|viewer [--name N] [--password P]
  create-api-key [--name N]       print a new server API key (shown once)
  vapid [--new]                   print the Web Push (VAPID) public key, generating the pair once
                                  (--new: print a fresh pair to put in the environment of a cluster)
  doctor                          check every provider: configured? reachable?
`;

export async function main(argv: string[], env: Record<string, string | undefined>): Promise<number> {
  const [command, ...rest] = argv;
  try {
    const config = loadConfig(env);
    const log = createLogger(config.logLevel);
    switch (command) {
      case 'serve':
        return await serve(config, rest, log);
      case 'migrate': {
        const store = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
        const applied = await store.migrate();
        await store.close();
        console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
        return 0;
      }
      case 'create-operator':
        return await withCore(config, async (core) => {
          const { values } = parseArgs({
            args: rest,
            options: { email: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, password: { type: 'string' } },
          });
          if (!values.email || !values.role) throw new UsageError('create-operator needs --email and --role.');
          if (!['admin', 'manager', 'operator', 'viewer'].includes(values.role)) {
            throw new UsageError('--role must be admin, manager, operator or viewer.');
          }
          const generated = !values.password;
          const password = values.password ?? (await import('node:crypto')).randomBytes(12).toString('base64url');
          const op = await new OperatorsService(core).create({
            email: values.email,
            role: values.role as 'admin',
            name: values.name ?? values.email.split('@')[0]!,
            password,
          });
          console.log(`Operator created: ${op.email} (${op.role})${generated ? `\nPassword (shown once): ${password}` : ''}`);
        });
      case 'create-api-key':
        return await withCore(config, async (core) => {
          const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } } });
          const { key } = await new ApiKeysService(core).create(values.name ?? 'cli');
          console.log(key);
        });
      case 'vapid': {
        if (rest.includes('--new')) {
          // A fresh pair for a cluster's shared configuration; nothing is stored.
          const { default: webpush } = await import('web-push');
          const pair = webpush.generateVAPIDKeys();
          console.log(`VAPID_PUBLIC_KEY=${pair.publicKey}\nVAPID_PRIVATE_KEY=${pair.privateKey}`);
          return 0;
        }
        const keys = await loadVapidKeys({ dataDir: config.dataDir, ...config.providers.vapid });
        console.log(keys.publicKey);
        return 0;
      }
      case 'doctor':
        return (await doctor(config, (line) => console.log(line))) ? 0 : 1;
      case undefined:
      case 'help':
      case '--help':
        console.log(USAGE);
        return command === undefined ? 2 : 0;
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    if (err instanceof HeraldError) {
      console.error(err.message);
      return 1;
    }
    throw err;
  }
}

class UsageError extends Error {}

async function withCore(config: ReturnType<typeof loadConfig>, fn: (core: CoreDeps) => Promise<void>): Promise<number> {
  const store = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    await store.migrate();
    const core: CoreDeps = {
      db: store.db,
      caps: store.caps,
      writer: store.writer,
      bus: createMemoryBus(1000),
      // Creating operators and keys stores no secrets of its own; a throwaway key is enough.
      box: new SecretBox(Buffer.alloc(32)),
      config,
      eventsWritten: () => {},
    };
    await fn(core);
    return 0;
  } finally {
    await store.close();
  }
}

async function serve(config: ReturnType<typeof loadConfig>, args: string[], log: ReturnType<typeof createLogger>): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  if (!['all', 'api', 'worker'].includes(values.role!)) throw new UsageError('--role must be all, api or worker.');
  // PostgreSQL without Redis is one process only (see single-process-lock.ts); a second one stops here.
  let stopFor: ((reason: string) => void) | undefined;
  let exitCode = 0;
  const lock =
    config.databaseUrl && !config.redisUrl
      ? await holdSingleProcessLock(config.databaseUrl, {
          log,
          onLost: () => {
            exitCode = 1;
            stopFor?.('single-process lock lost');
          },
        })
      : undefined;
  try {
    const herald = await createHerald(config, { log, role: values.role as ServeRole });
    for (const line of herald.bootstrapLines) console.log(line);
    await herald.start();
    if (values.role !== 'worker') {
      const address = await herald.listen();
      log.info({ address, database: herald.services.store.caps.dialect }, `Herald listening on ${address}`);
    }
    await new Promise<void>((resolve) => {
      let closing = false;
      const stop = (signal: string) => {
        if (closing) return;
        closing = true;
        log.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        herald.close().then(resolve, (err) => {
          log.error({ err }, 'shutdown failed');
          resolve();
        });
      };
      stopFor = stop;
      if (exitCode !== 0) stop('single-process lock lost'); // lost while starting
      process.once('SIGTERM', () => stop('SIGTERM'));
      process.once('SIGINT', () => stop('SIGINT'));
    });
  } finally {
    await lock?.release();
  }
  return exitCode;
}
