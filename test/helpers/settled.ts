/**
 * Waits until the engine has nothing left to do — every event written so far planned, no attempt
 * in flight, no delivery due — so a test can then assert that something was NOT sent. A fixed
 * sleep would pass vacuously on a slow machine; this fails loudly instead (with what is left).
 */
import { type EngineActivity, isQuiet } from '../../src/engine/engine-activity.js';
import type { Herald } from '../../src/herald.js';

type HasHerald = Herald | { herald: Herald };

/**
 * Pass every Herald sharing the database (a cluster test's processes): each one's own planner
 * and senders must be idle, and the database must show no work for any of them.
 */
export async function settled(heralds: HasHerald | HasHerald[], timeoutMs = 15_000): Promise<void> {
  const list = (Array.isArray(heralds) ? heralds : [heralds]).map((h) => ('herald' in h ? h.herald : h));
  const deadline = Date.now() + timeoutMs;
  let left: EngineActivity[] = [];
  for (;;) {
    await Promise.all(list.map((h) => h.engine.idle()));
    left = await Promise.all(list.map((h) => h.engine.activity()));
    if (left.every(isQuiet)) {
      // What the last recorded attempt does after its commit (bus messages) finishes too.
      await Promise.all(list.map((h) => h.engine.idle()));
      return;
    }
    if (Date.now() > deadline) throw new Error(`the engine did not settle within ${timeoutMs} ms; still to do: ${JSON.stringify(left)}`);
    // Polling a condition (not a sleep standing in for one): what is left is being worked on.
    await new Promise((r) => setTimeout(r, 10));
  }
}
