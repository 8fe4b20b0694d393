/**
 * Waits until the engine has nothing left to do — every event written so far planned, no attempt
 * in flight, no delivery due — so a test can then assert that something was NOT sent. A fixed
 * sleep would pass vacuously on a slow machine; this fails loudly instead (with what is left).
 */
import { type EngineActivity, engineActivity, isQuiet } from '../../src/engine/engine-activity.js';
import type { Herald } from '../../src/herald.js';

type HasHerald = Herald | { herald: Herald };

export interface SettledOptions {
  /** Give up (and throw) after this long. */
  timeoutMs?: number;
  /**
   * Count a retry planned this soon as due too (tests with a fast retry schedule that want to
   * see it made). Default 0: what is due now; a retry planned for later is not waited for.
   */
  withinMs?: number;
}

/**
 * Pass every Herald sharing the database (a cluster test's processes): each one's own planner
 * and senders must be idle, and the database must show no work for any of them.
 */
export async function settled(heralds: HasHerald | HasHerald[], opts: SettledOptions | number = {}): Promise<void> {
  const { timeoutMs = 15_000, withinMs = 0 } = typeof opts === 'number' ? { timeoutMs: opts } : opts;
  const list = (Array.isArray(heralds) ? heralds : [heralds]).map((h) => ('herald' in h ? h.herald : h));
  const deadline = Date.now() + timeoutMs;
  const activity = () => Promise.all(list.map((h) => engineActivity(h.services.store.db, Date.now() + withinMs)));
  const fail = (left: EngineActivity[]) => new Error(`the engine did not settle within ${timeoutMs} ms; still to do: ${JSON.stringify(left)}`);
  // An attempt can hang (a held receiver): waiting for the engine to be idle is bounded too.
  const idle = async () => {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<false>((r) => (timer = setTimeout(() => r(false), Math.max(0, deadline - Date.now()))));
    const ok = await Promise.race([Promise.all(list.map((h) => h.engine.idle())).then(() => true as const), timedOut]);
    clearTimeout(timer);
    if (!ok) throw fail(await activity());
  };
  for (;;) {
    await idle();
    const left = await activity();
    if (left.every(isQuiet)) {
      // What the last recorded attempt does after its commit (bus messages) finishes too.
      await idle();
      return;
    }
    if (Date.now() > deadline) throw fail(left);
    // Polling a condition (not a sleep standing in for one): what is left is being worked on.
    await new Promise((r) => setTimeout(r, 10));
  }
}
