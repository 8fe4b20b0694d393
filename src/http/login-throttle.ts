import { HeraldError } from '../errors.js';

/**
 * Slows password guessing: after `limit` failed sign-ins for the same email from the same
 * address within the window, further attempts get 429 until the window has passed. Kept in
 * memory: a restart forgets, which is acceptable for a throttle (the hashes stay memory-hard).
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  check(ip: string, email: string, now = Date.now()): void {
    const recent = this.recent(`${ip}|${email.toLowerCase()}`, now);
    if (recent.length >= this.limit) {
      const retryInS = Math.ceil((recent[0]! + this.windowMs - now) / 1000);
      throw new HeraldError('RATE_LIMITED', `Too many failed sign-ins; try again in ${retryInS} seconds.`, { retryAfterS: retryInS });
    }
  }

  failed(ip: string, email: string, now = Date.now()): void {
    const key = `${ip}|${email.toLowerCase()}`;
    this.failures.set(key, [...this.recent(key, now), now]);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  succeeded(ip: string, email: string): void {
    this.failures.delete(`${ip}|${email.toLowerCase()}`);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
