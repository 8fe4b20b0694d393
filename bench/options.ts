/**
 * The bench's knobs: read once from argv and the environment (this is a tool, not Herald, so it
 * reads process.env itself), validated with one-sentence errors.
 */

export interface BenchOptions {
  quick: boolean;
  /** Measured closed-loop messages per mode (after the warm-up). */
  messages: number;
  warmup: number;
  /** Messages (or raw POSTs) in flight in every closed loop. */
  concurrency: number;
  /** Customers, each with one session and one token. */
  sessions: number;
  /** Agents, each with its own push config pointing at its own sink port (one destination each). */
  agents: number;
  /** Raw baseline: unmeasured warm-up (both minimums must be met), then at least this many measured. */
  rawWarmupMs: number;
  rawWarmupRequests: number;
  rawRequests: number;
  rawMinMs: number;
  /** Open loop at half the measured saturation rate, for this long. */
  halfSeconds: number;
  /** No delivery arriving for this long while some are outstanding = failure. */
  stallMs: number;
  profile: boolean;
  profileMessages: number;
  pgUrl: string | undefined;
  redisUrl: string | undefined;
  naive: boolean;
  /** Restrict to these modes (BENCH_MODES=sqlite,postgres,cluster-1,cluster-2,naive-bullmq). */
  modes: string[] | undefined;
  /** Extra environment for Herald (BENCH_HERALD_ENV="K=V,K=V"), e.g. a rate limit or a cap. */
  heraldEnv: Record<string, string>;
  outDir: string;
}

export function readOptions(argv: string[], env: Record<string, string | undefined>): BenchOptions {
  const unknown = argv.filter((a) => a !== '--quick' && a !== '--profile' && a !== '--no-naive');
  if (unknown.length) throw new Error(`Unknown argument ${unknown[0]}; the bench takes --quick, --profile and --no-naive.`);
  const quick = argv.includes('--quick') || env.BENCH_QUICK === '1';
  const int = (name: string, full: number, q: number, min = 1): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return quick ? q : full;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}, not "${raw}".`);
    return n;
  };
  const messages = int('BENCH_MESSAGES', 20_000, 3_000);
  const heraldEnv: Record<string, string> = {};
  for (const pair of (env.BENCH_HERALD_ENV ?? '').split(',').filter((s) => s.trim())) {
    const eq = pair.indexOf('=');
    if (eq < 1) throw new Error(`BENCH_HERALD_ENV must be K=V pairs separated by commas, not "${pair}".`);
    heraldEnv[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  const modes = env.BENCH_MODES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return {
    quick,
    messages,
    warmup: int('BENCH_WARMUP', 3_000, 1_000),
    concurrency: int('BENCH_CONCURRENCY', 64, 64),
    sessions: int('BENCH_SESSIONS', 500, 200),
    agents: int('BENCH_AGENTS', 4, 4),
    rawWarmupMs: int('BENCH_RAW_WARMUP_MS', 2_000, 2_000),
    rawWarmupRequests: int('BENCH_RAW_WARMUP', 5_000, 5_000),
    rawRequests: int('BENCH_RAW_REQUESTS', 20_000, 10_000),
    rawMinMs: int('BENCH_RAW_MIN_MS', 3_000, 1_000),
    halfSeconds: int('BENCH_HALF_SECONDS', 10, 3),
    stallMs: int('BENCH_STALL_MS', 30_000, 30_000),
    profile: argv.includes('--profile') || env.BENCH_PROFILE === '1',
    profileMessages: int('BENCH_PROFILE_MESSAGES', Math.max(5_000, Math.floor(messages / 2)), 2_000),
    pgUrl: env.HERALD_BENCH_PG_URL || undefined,
    redisUrl: env.HERALD_BENCH_REDIS_URL || undefined,
    naive: !argv.includes('--no-naive') && env.BENCH_NAIVE !== '0',
    modes: modes?.length ? modes : undefined,
    heraldEnv,
    outDir: env.BENCH_OUT_DIR || 'bench',
  };
}
