/**
 * When to try again. Jitter spreads retries of many deliveries that failed together (a receiver
 * outage) so they do not all return at the same instant; Retry-After wins when it asks for more.
 */
export const MAX_RETRY_AFTER_MS = 24 * 3600_000;

export function nextRetryDelayMs(
  attemptsMade: number,
  scheduleS: readonly number[],
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number | undefined {
  const base = scheduleS[attemptsMade - 1];
  if (base === undefined) return undefined;
  const jittered = base * 1000 * (0.8 + 0.4 * random());
  const wanted = retryAfterMs === undefined ? 0 : Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
  return Math.round(Math.max(jittered, wanted));
}
