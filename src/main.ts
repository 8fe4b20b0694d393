/**
 * The `herald` CLI. The only reader of process.env: configuration is parsed here, once.
 */
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig } from './config.js';
import { type ServeRole, VERSION, createHeraldServer } from './herald.js';
import { createLogger } from './logger.js';
import { createDb } from './store/db.js';
import { DEFAULT_WORKSPACE, withWorkspace } from './store/workspace-scope.js';
import { OperatorsService } from './core/operators.js';
import { ApiKeysService } from './core/api-keys.js';
import { createMemoryBus } from './bus/memory-bus.js';
import { SecretBox } from './security/secret-box.js';
import { Events } from './core/events.js';
import type { CoreDeps } from './core/deps.js';
import { HeraldError } from './errors.js';
import { doctor } from './doctor.js';
import { loadVapidKeys } from './providers/vapid.js';
import { holdSingleProcessLock } from './store/single-process-lock.js';
import { Ajv } from 'ajv';
import { COMMAND_HELP, USAGE } from './cli/help.js';
import { backup } from './cli/backup.js';
import { listen } from './cli/listen.js';
import { describeStartupError } from './cli/startup-errors.js';
import { CreateOperatorBody } from './http/schemas.js';

export interface MainOptions {
  /** Whether stdout is a terminal: picks pretty logs when HERALD_LOG_FORMAT is unset. */
  isTTY?: boolean;
}

export async function main(argv: string[], env: Record<string, string | undefined>, opts: MainOptions = {}): Promise<number> {
  const [command, ...rest] = argv;
  // Help and version need no configuration: they work even when the environment is wrong.
  if (command === '--version' || command === '-v' || command === 'version') {
    console.log(VERSION);
    return 0;
  }
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    console.log(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (COMMAND_HELP[command] && (rest.includes('--help') || rest.includes('-h'))) {
    console.log(COMMAND_HELP[command]);
    return 0;
  }
  if (command === 'vapid' && rest.includes('--new')) {
    // A fresh pair for a cluster's shared configuration; nothing is stored, and no configuration
    // is needed — a cluster's environment refuses to load until it has the pair this prints.
    const { default: webpush } = await import('web-push');
    const pair = webpush.generateVAPIDKeys();
    console.log(`VAPID_PUBLIC_KEY=${pair.publicKey}\nVAPID_PRIVATE_KEY=${pair.privateKey}`);
    return 0;
  }
  try {
    const config = loadConfig(env);
    const log = createLogger(config.logLevel, undefined, config.logFormat ?? (opts.isTTY ? 'pretty' : 'json'));
    switch (command) {
      case 'serve':
        return await serve(config, rest, log);
      case 'migrate': {
        const store = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, prepared: config.databasePrepared });
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
          const generated = !values.password;
          const input = {
            email: values.email,
            role: values.role as 'admin',
            name: values.name ?? values.email.split('@')[0]!,
            password: values.password ?? (await import('node:crypto')).randomBytes(12).toString('base64url'),
          };
          checkOperatorInput(input);
          const op = await new OperatorsService(core).create(input);
          const password = input.password;
          console.log(`Operator created: ${op.email} (${op.role})${generated ? `\nPassword (shown once): ${password}` : ''}`);
        });
      case 'create-api-key':
        return await withCore(config, async (core) => {
          const { values } = parseArgs({ args: rest, options: { name: { type: 'string' } } });
          const { key } = await new ApiKeysService(core).create(values.name ?? 'cli');
          console.log(key);
        });
      case 'vapid': {
        const keys = await loadVapidKeys({ dataDir: config.dataDir, ...config.providers.vapid });
        console.log(keys.publicKey);
        return 0;
      }
      case 'doctor':
        return (await doctor(config, (line) => console.log(line))) ? 0 : 1;
      case 'backup': {
        const { positionals } = parseArgs({ args: rest, options: {}, allowPositionals: true });
        if (positionals.length !== 1) throw new UsageError('backup needs one file name: herald backup <file>.');
        const result = await backup({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, file: positionals[0]! });
        if (!result.ok) {
          console.error(result.message);
          return 1;
        }
        console.log(`Backup written: ${result.file} (${(result.bytes / 1024).toFixed(0)} KiB).`);
        if (result.keyFiles.length) {
          console.log(
            `Keep ${result.keyFiles.join(', ')} from ${config.dataDir} with it (unless their values come from the environment): ` +
              'stored secrets, customer tokens and Web Push subscriptions depend on them.',
          );
        }
        return 0;
      }
      case 'listen': {
        const { values } = parseArgs({
          args: rest,
          options: { port: { type: 'string', default: '4000' }, host: { type: 'string', default: '127.0.0.1' }, secret: { type: 'string' } },
        });
        const port = Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535.');
        if (values.secret !== undefined && !values.secret.startsWith('whsec_')) {
          throw new UsageError("--secret must be the agent's signing secret, starting with whsec_.");
        }
        let listener;
        try {
          listener = await listen({ host: values.host, port, secret: values.secret }, (line) => console.log(line));
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
            console.error(`Port ${port} is already in use: choose another with --port.`);
            return 1;
          }
          throw err;
        }
        await new Promise<void>((resolve) => {
          process.once('SIGINT', resolve);
          process.once('SIGTERM', resolve);
        });
        await listener.close();
        return 0;
      }
      default:
        console.error(`Unknown command "${command}".\n\n${USAGE}`);
        return 2;
    }
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UsageError) {
      console.error(err.message);
      return 2;
    }
    // node:util parseArgs: an unknown option or a missing value.
    if (String((err as NodeJS.ErrnoException).code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${(err as Error).message}\n\n${(command && COMMAND_HELP[command]) || USAGE}`);
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

const checkOperator = new Ajv({ allErrors: false, strict: false }).compile<unknown>(CreateOperatorBody);

/** The CLI accepts exactly what POST /api/operators accepts, with the option's name in the sentence. */
function checkOperatorInput(input: { email: string; role: string; name: string; password: string }): void {
  if (checkOperator({ ...input })) return;
  const e = checkOperator.errors![0]!;
  const field = e.instancePath.replace(/^\//, '') || String((e.params as { missingProperty?: string }).missingProperty ?? '');
  const sentences: Record<string, string> = {
    email: `--email "${input.email}" is not an email address.`,
    role: '--role must be admin, manager, operator or viewer.',
    password: '--password must be 8 to 1024 characters long.',
    name: '--name must be 1 to 200 characters long.',
  };
  throw new UsageError(sentences[field] ?? `--${field} ${e.message ?? 'is not valid'}.`);
}

async function withCore(config: ReturnType<typeof loadConfig>, fn: (core: CoreDeps) => Promise<void>): Promise<number> {
  const store = createDb({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, prepared: config.databasePrepared });
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
      // Nothing runs the engine here; events written by these commands wait for the next serve.
      events: new Events({ db: store.db, eventsWritten: () => {} }),
    };
    // Operators and keys made from the command line are the deployment's own: workspace default's.
    await withWorkspace(DEFAULT_WORKSPACE, () => fn(core));
    return 0;
  } finally {
    await store.close();
  }
}

async function serve(config: ReturnType<typeof loadConfig>, args: string[], log: ReturnType<typeof createLogger>): Promise<number> {
  const { values } = parseArgs({ args, options: { role: { type: 'string', default: 'all' } } });
  if (!['all', 'api', 'worker'].includes(values.role)) throw new UsageError('--role must be all, api or worker.');
  // PostgreSQL without Redis is one process only (see single-process-lock.ts); a second one stops here.
  let stopFor: ((reason: string) => void) | undefined;
  let exitCode = 0;
  let lock: Awaited<ReturnType<typeof holdSingleProcessLock>> | undefined;
  let herald: Awaited<ReturnType<typeof createHeraldServer>> | undefined;
  try {
    lock =
      config.databaseUrl && !config.redisUrl
        ? await holdSingleProcessLock(config.databaseUrl, {
            log,
            onLost: () => {
              exitCode = 1;
              stopFor?.('single-process lock lost');
            },
          })
        : undefined;
    herald = await createHeraldServer(config, { log, role: values.role as ServeRole });
    for (const line of herald.bootstrapLines) console.log(line);
    await herald.start();
    if (values.role !== 'worker') {
      const address = await herald.listen();
      log.info({ address, database: herald.services.store.caps.dialect }, `Herald listening on ${address}`);
    }
  } catch (err) {
    const sentence = describeStartupError(err, config);
    await herald?.close().catch(() => {});
    await lock?.release().catch(() => {});
    if (!sentence) throw err;
    console.error(sentence);
    return 1;
  }
  const running = herald;
  try {
    await new Promise<void>((resolve) => {
      let closing = false;
      const stop = (signal: string) => {
        if (closing) return;
        closing = true;
        log.info({ signal }, 'shutting down');
        const force = setTimeout(() => process.exit(1), 15_000);
        force.unref();
        running.close().then(resolve, (err) => {
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
