import { Worker } from 'node:worker_threads';
import type SQLite from 'better-sqlite3';

/**
 * Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies the WAL back into the
 * database file and syncs it; run inside a commit (SQLite's default, every 1000 pages) it stalls
 * every request and delivery of the process for its whole duration — half of all commit time
 * under load. Here a worker thread with its own connection checkpoints passively (never waiting
 * for the writer) several times a second, and the main connection never checkpoints.
 *
 * A checkpoint alone does not keep the WAL bounded, though. A passive checkpoint copies only the
 * frames committed before it began, and the writer starts the WAL again from the top only once
 * every frame has been copied: under a steady write load that never happens, and the WAL grew
 * without end (600 MB for a 36 MB database after 25 s of the delivery bench). So when the WAL
 * passes `walLimitBytes`, the writer (the group commit) holds its next transaction while the
 * worker runs one more checkpoint: with nothing committed meanwhile it copies the last frames and
 * completes, and the next write restarts the WAL. Holding the writer for those milliseconds
 * delays writes but, unlike a checkpoint on the main connection, never blocks the event loop.
 */
export interface Checkpointer {
  /** While the WAL is being brought back to its start: the writer waits before its next transaction. */
  pausedUntil(): Promise<void> | undefined;
  stop(): Promise<void>;
}

const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
db.pragma('busy_timeout = 1000');
// Checkpointing reads WAL frames and writes pages; it needs no page cache of its own (the
// driver's default is 16 MB per connection).
db.pragma('cache_size = -256');
// A checkpoint answers how many frames the WAL holds since it last started from the top.
const checkpoint = () => db.pragma('wal_checkpoint(PASSIVE)')[0].log;
const timer = setInterval(() => {
  try { parentPort.postMessage({ done: true, frames: checkpoint() }); }
  catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); }
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m === 'finish') {
    try { checkpoint(); } catch {}
    parentPort.postMessage({ finished: true });
    return;
  }
  clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} db.close(); process.exit(0);
});
`;

export interface CheckpointerOptions {
  /** The main (writing) connection. */
  database: SQLite.Database;
  file: string;
  driverPath: string;
  onError: (message: string) => void;
  intervalMs?: number;
  walLimitBytes?: number;
}

export function startCheckpointer(opts: CheckpointerOptions): Checkpointer {
  const { database, file, driverPath, onError, intervalMs = 200, walLimitBytes = 64 * 1024 * 1024 } = opts;
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver: driverPath, intervalMs } });
  // The WAL's content is counted in frames, not read from its file's size: a WAL that starts
  // again from the top keeps its file, and truncating it (journal_size_limit) happens on the
  // connection that restarts it, the main one, on the event loop — 10–30 ms for a WAL of 70–180
  // MB. So the file keeps the largest size it reached (about the limit) and is written over.
  const frameBytes = Number(database.pragma('page_size', { simple: true })) + 24;
  let pause: { promise: Promise<void>; resolve: () => void; timer: NodeJS.Timeout } | undefined;
  const resume = () => {
    if (!pause) return;
    clearTimeout(pause.timer);
    pause.resolve();
    pause = undefined;
  };
  // Right after one of the worker's checkpoints few frames are left to copy: the best moment.
  const finishIfLarge = (frames: number) => {
    if (pause || frames * frameBytes <= walLimitBytes) return;
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    // Never hold writes for long, whatever happens to the worker.
    pause = { promise, resolve, timer: setTimeout(resume, 1000) };
    worker.postMessage('finish');
  };
  worker.on('message', (m: { done?: true; frames?: number; finished?: true; error?: string }) => {
    if (m.error) onError(m.error);
    else if (m.finished) resume();
    else finishIfLarge(m.frames ?? 0);
  });
  worker.on('exit', resume);
  worker.on('error', (err) => onError(err.message));
  worker.unref();
  return {
    pausedUntil: () => pause?.promise,
    async stop() {
      resume();
      const exited = new Promise((r) => worker.once('exit', r));
      // Unref'd so it never keeps a process alive; while we wait for it, it must.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
