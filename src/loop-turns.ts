/**
 * Background work takes turns with everything else on the event loop. Each waiter is released
 * on an event-loop iteration of its own (FIFO), so between two slices of background work
 * (a campaign batch, a dispatcher batch, a group commit) Node polls for I/O: a request waits for
 * at most one slice, where several queued with setImmediate used to run back to back in the
 * same iteration before it. When nothing else is waiting an iteration costs microseconds, so
 * work that has the loop to itself goes as fast as before.
 */
const waiting: Array<() => void> = [];
let scheduled = false;

function release(): void {
  scheduled = false;
  const next = waiting.shift();
  // Scheduled before `next` runs: an immediate queued now runs on the next iteration.
  if (waiting.length > 0) schedule();
  next?.();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(release);
}

/** Resolves on an event-loop iteration where no other background slice has run. */
export function nextTurn(): Promise<void> {
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}
