import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { HeraldError } from '../errors.js';

/**
 * Slows password guessing: after `limit` failed sign-ins for the same email from the same
 * address within the window, further attempts get 429 until the window has passed. In memory for
 * one process; in Redis (a sorted set per address+email) when several processes serve the API,
 * so N processes do not mean N× the guesses.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly redis?: Redis,
    private readonly limit = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  async check(ip: string, email: string, now = Date.now()): Promise<void> {
    const recent = await this.recent(this.key(ip, email), now);
    if (recent.length >= this.limit) {
      const retryInS = Math.ceil((recent[0]! + this.windowMs - now) / 1000);
      throw new HeraldError('RATE_LIMITED', `Too many failed sign-ins; try again in ${retryInS} seconds.`, { retryAfterS: retryInS });
    }
  }

  async failed(ip: string, email: string, now = Date.now()): Promise<void> {
    const key = this.key(ip, email);
    if (this.redis) {
      try {
        await this.redis.multi().zadd(key, now, `${now}:${Math.random()}`).pexpire(key, this.windowMs).exec();
        return;
      } catch {
        // Redis unreachable: this process still throttles on its own rather than failing sign-ins.
      }
    }
    this.failures.set(key, [...this.recentInMemory(key, now), now]);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  async succeeded(ip: string, email: string): Promise<void> {
    const key = this.key(ip, email);
    this.failures.delete(key);
    await this.redis?.del(key).catch(() => undefined);
  }

  // Hashed: the key names an email address, which has no business sitting in Redis in clear.
  private key(ip: string, email: string): string {
    return `herald:login:${createHash('sha256').update(`${ip}|${email.toLowerCase()}`).digest('base64url')}`;
  }

  private async recent(key: string, now: number): Promise<number[]> {
    const local = this.recentInMemory(key, now);
    if (!this.redis) return local;
    try {
      const [, [, scores]] = (await this.redis
        .multi()
        .zremrangebyscore(key, 0, now - this.windowMs)
        .zrange(key, 0, -1, 'WITHSCORES')
        .exec()) as [unknown, [unknown, string[]]];
      return [...scores.filter((_, i) => i % 2 === 1).map(Number), ...local].sort((a, b) => a - b);
    } catch {
      return local;
    }
  }

  private recentInMemory(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
