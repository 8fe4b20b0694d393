/**
 * Configuration: read once from the environment in main.ts, validated with sentences a person
 * understands, frozen and passed down. Nothing else reads process.env.
 */
import path from 'node:path';

export interface Config {
  host: string;
  port: number;
  /** Base URL used in links inside notifications (conversation links, deep links). */
  publicUrl: string;
  dataDir: string;
  /** postgres://… selects PostgreSQL; undefined selects SQLite in the data dir. */
  databaseUrl: string | undefined;
  /** PostgreSQL: run the hot path's statements as named prepared statements (pgpath). */
  databasePrepared: boolean;
  redisUrl: string | undefined;
  /** 32-byte key for secrets at rest; undefined → generated into the data dir (embedded only). */
  secretKey: Buffer | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  apiKey: string | undefined;
  identitySecret: string | undefined;
  presenceTtlS: number;
  webhookTimeoutMs: number;
  retryScheduleS: readonly number[];
  botGraceS: number;
  // Delivery engine (CONTRACT §10)
  /** Attempts in flight per destination across all processes. */
  destinationConcurrency: number;
  /** Consecutive retryable failures that open a destination's circuit. */
  circuitFailures: number;
  /** How often an open circuit lets one waiting delivery through as a probe. */
  circuitProbeS: number;
  /** A webhook destination failing without a single success this long is disabled. */
  webhookDisableAfterH: number;
  allowPrivateWebhooks: boolean;
  logLevel: string;
  /** Names of the variables that were set in the environment (the portal shows them read-only). */
  envSet: ReadonlySet<string>;
  /** Upper bound for request bodies; anything larger is refused with 413. */
  bodyLimitBytes: number;
  providers: ProvidersConfig;
  // --- Hardening (issue 11) ---
  /** Requests per minute for each customer token, operator and anonymous address (0: no limit). */
  rateLimitPerMin: number;
  /** Requests per minute for each server key; undefined: unlimited. */
  serverKeyRateLimitPerMin: number | undefined;
  // --- operations (issue 12): retention, CORS, log format ---
  /** Final deliveries, their attempts and dispatched events older than this are purged; 0 keeps them. */
  retentionDays: number;
  /** Browser origins allowed to call the API (CORS); empty = none. */
  corsOrigins: readonly string[];
  /** undefined → pretty on a terminal, JSON otherwise (decided in main, which knows the terminal). */
  logFormat: 'pretty' | 'json' | undefined;
  // --- single sign-on and audit log (issue 15) ---
  /** OpenID Connect provider operators sign in with (authorization code + PKCE); undefined: no SSO. */
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined } | undefined;
  /** false: the password form is gone and POST /api/auth/login is refused (SSO only). */
  passwordLogin: boolean;
  /** Audit-log entries older than this are purged; 0 keeps them for ever. */
  auditRetentionDays: number;
  // --- provider credentials per workspace (issue 15, wsprov) ---
  /** true: workspaces other than `default` fall back to the environment's providers for those they have not set. */
  shareEnvProviders: boolean;
}

export interface ProvidersConfig {
  fcm: { serviceAccount: string | undefined; endpoint: string };
  apns: {
    keyFile: string | undefined;
    keyId: string | undefined;
    teamId: string | undefined;
    topic: string | undefined;
    host: string;
    /** Extra CA certificate for the APNs host (a TLS-intercepting proxy, or a test server). */
    caFile: string | undefined;
  };
  vapid: { publicKey: string | undefined; privateKey: string | undefined; subject: string };
  telegram: { botToken: string | undefined; botUsername: string | undefined; apiBase: string };
  smtp: {
    url: string | undefined;
    from: string | undefined;
    /** Second relay for emails the primary cannot take now (SMTP_FALLBACK_URL, CONTRACT §13). */
    fallbackUrl: string | undefined;
  };
  twilio: {
    accountSid: string | undefined;
    authToken: string | undefined;
    from: string | undefined;
    apiBase: string;
  };
  beams: { instanceId: string | undefined; secretKey: string | undefined; apiBase: string | undefined };
  onesignal: { appId: string | undefined; apiKey: string | undefined; apiBase: string };
  intercom: { clientSecret: string | undefined };
}

/** A configuration value that cannot be used; main prints the message and exits with code 2. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

// Delays between webhook attempts (CONTRACT §5): fast first retry for blips, then hours for outages.
const DEFAULT_RETRY_SCHEDULE = '5,300,1800,7200,18000,36000,36000';

export function loadConfig(env: Env): Readonly<Config> {
  const r = new Reader(env);
  const host = r.string('HERALD_HOST', '127.0.0.1');
  const port = r.int('HERALD_PORT', 3000, 0, 65535);
  const config: Config = {
    host,
    port,
    publicUrl: r.url('HERALD_PUBLIC_URL', `http://${host.includes(':') ? `[${host}]` : host}:${port}`),
    dataDir: path.resolve(r.string('HERALD_DATA_DIR', './data')),
    databaseUrl: r.databaseUrl('HERALD_DATABASE_URL'),
    // --- PostgreSQL hot path (pgpath): off behind a pooler that cannot keep prepared statements ---
    databasePrepared: r.bool('HERALD_DATABASE_PREPARED', true),
    redisUrl: r.optionalUrl('HERALD_REDIS_URL', ['redis:', 'rediss:']),
    secretKey: r.secretKey('HERALD_SECRET_KEY'),
    adminEmail: r.optionalEmail('HERALD_ADMIN_EMAIL'),
    adminPassword: r.optionalString('HERALD_ADMIN_PASSWORD', 8),
    apiKey: r.optionalString('HERALD_API_KEY', 32),
    identitySecret: r.optionalString('HERALD_IDENTITY_SECRET', 32),
    presenceTtlS: r.int('HERALD_PRESENCE_TTL_S', 30, 1, 86_400),
    webhookTimeoutMs: r.int('HERALD_WEBHOOK_TIMEOUT_MS', 5000, 100, 120_000),
    retryScheduleS: r.schedule('HERALD_RETRY_SCHEDULE_S', DEFAULT_RETRY_SCHEDULE),
    botGraceS: r.int('HERALD_BOT_GRACE_S', 20, 0, 3600),
    // Delivery engine (CONTRACT §10)
    destinationConcurrency: r.int('HERALD_DESTINATION_CONCURRENCY', 16, 1, 1024),
    circuitFailures: r.int('HERALD_CIRCUIT_FAILURES', 5, 1, 1000),
    circuitProbeS: r.number('HERALD_CIRCUIT_PROBE_S', 30, 0.05, 86_400),
    webhookDisableAfterH: r.number('HERALD_WEBHOOK_DISABLE_AFTER_H', 120, 0.0001, 24 * 365),
    allowPrivateWebhooks: r.bool('HERALD_ALLOW_PRIVATE_WEBHOOKS', false),
    envSet: new Set(Object.keys(env).filter((k) => env[k] !== undefined && env[k].trim() !== '')),
    logLevel: r.oneOf('HERALD_LOG_LEVEL', ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info'),
    bodyLimitBytes: r.int('HERALD_BODY_LIMIT_BYTES', 1_048_576, 1024, 64 * 1_048_576),
    // --- Hardening (issue 11): rate limits per principal (CONTRACT §11) ---
    rateLimitPerMin: r.int('HERALD_RATE_LIMIT_PER_MIN', 120, 0, 10_000_000),
    serverKeyRateLimitPerMin: r.optionalInt('HERALD_SERVER_KEY_RATE_LIMIT_PER_MIN', 1, 10_000_000),
    // --- operations (issue 12) ---
    retentionDays: r.int('HERALD_RETENTION_DAYS', 30, 0, 36_500),
    corsOrigins: r.origins('HERALD_CORS_ORIGINS'),
    logFormat: r.optionalOneOf('HERALD_LOG_FORMAT', ['pretty', 'json']),
    // --- single sign-on and audit log (issue 15) ---
    oidc: r.oidc(),
    passwordLogin: r.bool('HERALD_PASSWORD_LOGIN', true),
    auditRetentionDays: r.int('HERALD_AUDIT_RETENTION_DAYS', 365, 0, 36_500),
    // --- provider credentials per workspace (issue 15, wsprov) ---
    shareEnvProviders: r.bool('HERALD_SHARE_ENV_PROVIDERS', false),
    providers: {
      fcm: {
        serviceAccount: r.optionalString('FCM_SERVICE_ACCOUNT'),
        endpoint: r.url('FCM_ENDPOINT', 'https://fcm.googleapis.com'),
      },
      apns: {
        keyFile: r.optionalString('APNS_KEY_FILE'),
        keyId: r.optionalString('APNS_KEY_ID'),
        teamId: r.optionalString('APNS_TEAM_ID'),
        topic: r.optionalString('APNS_TOPIC'),
        host: r.string('APNS_HOST', 'api.push.apple.com'),
        caFile: r.optionalString('APNS_CA_FILE'),
      },
      vapid: {
        publicKey: r.optionalString('VAPID_PUBLIC_KEY'),
        privateKey: r.optionalString('VAPID_PRIVATE_KEY'),
        subject: r.string('VAPID_SUBJECT', 'mailto:admin@localhost'),
      },
      telegram: {
        botToken: r.optionalString('TELEGRAM_BOT_TOKEN'),
        botUsername: r.optionalString('TELEGRAM_BOT_USERNAME'),
        apiBase: r.url('TELEGRAM_API_BASE', 'https://api.telegram.org'),
      },
      smtp: {
        url: r.optionalUrl('SMTP_URL', ['smtp:', 'smtps:']),
        from: r.optionalString('SMTP_FROM'),
        // --- explain/analytics/failover (issue 13): SMTP failover (CONTRACT §13) ---
        fallbackUrl: r.optionalUrl('SMTP_FALLBACK_URL', ['smtp:', 'smtps:']),
      },
      twilio: {
        accountSid: r.optionalString('TWILIO_ACCOUNT_SID'),
        authToken: r.optionalString('TWILIO_AUTH_TOKEN'),
        from: r.optionalString('TWILIO_FROM'),
        apiBase: r.url('TWILIO_API_BASE', 'https://api.twilio.com'),
      },
      beams: {
        instanceId: r.optionalString('BEAMS_INSTANCE_ID'),
        secretKey: r.optionalString('BEAMS_SECRET_KEY'),
        apiBase: r.optionalUrl('BEAMS_API_BASE', ['http:', 'https:']),
      },
      onesignal: {
        appId: r.optionalString('ONESIGNAL_APP_ID'),
        apiKey: r.optionalString('ONESIGNAL_API_KEY'),
        apiBase: r.url('ONESIGNAL_API_BASE', 'https://api.onesignal.com'),
      },
      intercom: { clientSecret: r.optionalString('INTERCOM_CLIENT_SECRET') },
    },
  };
  if ((config.adminEmail === undefined) !== (config.adminPassword === undefined)) {
    throw new ConfigError('HERALD_ADMIN_EMAIL and HERALD_ADMIN_PASSWORD must be set together (or neither).');
  }
  if (!config.passwordLogin && !config.oidc) {
    throw new ConfigError('HERALD_PASSWORD_LOGIN=false needs HERALD_OIDC_ISSUER and HERALD_OIDC_CLIENT_ID: otherwise no operator could sign in.');
  }
  if (config.redisUrl) {
    // Every process must share these; generating them per data dir would split the cluster.
    const missing = [
      !config.secretKey && 'HERALD_SECRET_KEY',
      !config.identitySecret && 'HERALD_IDENTITY_SECRET',
      !config.providers.vapid.publicKey && 'VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY (npx herald vapid --new prints a pair)',
    ].filter(Boolean);
    if (missing.length) {
      throw new ConfigError(`${missing.join(', ')} must be set when HERALD_REDIS_URL is set: every process must share the same keys.`);
    }
    if (!config.databaseUrl) {
      throw new ConfigError('HERALD_REDIS_URL needs HERALD_DATABASE_URL (PostgreSQL): several processes cannot share one SQLite file.');
    }
  }
  return deepFreeze(config);
}

class Reader {
  constructor(private readonly env: Env) {}

  private raw(name: string): string | undefined {
    const v = this.env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  }

  string(name: string, fallback: string): string {
    return this.raw(name) ?? fallback;
  }

  optionalString(name: string, minLength = 1): string | undefined {
    const v = this.raw(name);
    if (v !== undefined && v.length < minLength) {
      throw new ConfigError(`${name} must be at least ${minLength} characters long.`);
    }
    return v;
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, not "${v}".`);
    }
    return n;
  }

  number(name: string, fallback: number, min: number, max: number): number {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new ConfigError(`${name} must be a number from ${min} to ${max}, not "${v}".`);
    return n;
  }

  optionalInt(name: string, min: number, max: number): number | undefined {
    return this.raw(name) === undefined ? undefined : this.int(name, 0, min, max);
  }

  bool(name: string, fallback: boolean): boolean {
    const v = this.raw(name)?.toLowerCase();
    if (v === undefined) return fallback;
    if (['1', 'true', 'yes', 'on'].includes(v)) return true;
    if (['0', 'false', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(`${name} must be true or false, not "${v}".`);
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback: T): T {
    const v = this.raw(name);
    if (v === undefined) return fallback;
    if (!values.includes(v as T)) throw new ConfigError(`${name} must be one of ${values.join(', ')}, not "${v}".`);
    return v as T;
  }

  optionalOneOf<T extends string>(name: string, values: readonly T[]): T | undefined {
    return this.raw(name) === undefined ? undefined : this.oneOf(name, values, values[0]!);
  }

  /** Comma-separated origins (scheme://host[:port]), as browsers send them in Origin. */
  origins(name: string): string[] {
    const v = this.raw(name);
    if (v === undefined) return [];
    return v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .map((o) => {
        let u: URL;
        try {
          u = new URL(o);
        } catch {
          throw new ConfigError(`${name} must list origins like https://app.example.com, not "${o}".`);
        }
        if ((u.protocol !== 'http:' && u.protocol !== 'https:') || u.origin !== o.replace(/\/+$/, '')) {
          throw new ConfigError(`${name} must list origins like https://app.example.com (scheme, host and port only), not "${o}".`);
        }
        return u.origin;
      });
  }

  url(name: string, fallback: string): string {
    return this.optionalUrl(name, ['http:', 'https:']) ?? fallback;
  }

  optionalUrl(name: string, protocols: string[]): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(v);
    } catch {
      throw new ConfigError(`${name} is not a valid URL.`);
    }
    if (!protocols.includes(parsed.protocol)) {
      throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}.`);
    }
    return v.replace(/\/+$/, '');
  }

  /** HERALD_OIDC_*: issuer and client id together; plain http only for an issuer on loopback (development, tests). */
  oidc(): Config['oidc'] {
    const issuer = this.optionalUrl('HERALD_OIDC_ISSUER', ['http:', 'https:']);
    const clientId = this.optionalString('HERALD_OIDC_CLIENT_ID');
    const clientSecret = this.optionalString('HERALD_OIDC_CLIENT_SECRET');
    if (!issuer && !clientId && !clientSecret) return undefined;
    if (!issuer || !clientId)
      throw new ConfigError('HERALD_OIDC_ISSUER and HERALD_OIDC_CLIENT_ID must be set together (HERALD_OIDC_CLIENT_SECRET too for a confidential client).');
    const host = new URL(issuer).hostname.replace(/^\[|\]$/g, '');
    const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
    if (issuer.startsWith('http:') && !loopback)
      throw new ConfigError('HERALD_OIDC_ISSUER must be an https:// URL (plain http is accepted only for a provider on this machine).');
    return { issuer, clientId, clientSecret };
  }

  databaseUrl(name: string): string | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    let parsed: URL;
    try {
      parsed = new URL(v);
    } catch {
      // Never echo the value: it usually carries a password.
      throw new ConfigError(`${name} is not a valid URL; expected postgres://user:password@host:port/database.`);
    }
    if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') {
      throw new ConfigError(`${name} must start with postgres:// (only PostgreSQL is supported there).`);
    }
    if (!parsed.hostname || parsed.pathname.length < 2) {
      throw new ConfigError(`${name} must name a host and a database, e.g. postgres://user:password@host:5432/herald.`);
    }
    return v;
  }

  optionalEmail(name: string): string | undefined {
    const v = this.raw(name);
    if (v !== undefined && !/^[^@\s]+@[^@\s]+$/.test(v)) throw new ConfigError(`${name} is not an email address.`);
    return v?.toLowerCase();
  }

  secretKey(name: string): Buffer | undefined {
    const v = this.raw(name);
    if (v === undefined) return undefined;
    const key = Buffer.from(v, 'base64');
    if (key.length !== 32) {
      throw new ConfigError(`${name} must be 32 bytes encoded as base64 (e.g. the output of: openssl rand -base64 32).`);
    }
    return key;
  }

  schedule(name: string, fallback: string): number[] {
    const v = this.raw(name) ?? fallback;
    const parts = v.split(',').map((s) => Number(s.trim()));
    if (parts.length === 0 || parts.some((n) => !Number.isFinite(n) || n < 0)) {
      throw new ConfigError(`${name} must be a comma-separated list of seconds, e.g. ${fallback}.`);
    }
    return parts;
  }
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Buffer.isBuffer(o)) {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
