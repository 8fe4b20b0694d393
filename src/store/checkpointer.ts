import { Worker } from 'node:worker_threads';

/**
 * Moves SQLite's WAL checkpoints off the event loop. A checkpoint copies the WAL back into the
 * database file and syncs it; run inside a commit (SQLite's default, every 1000 pages) it stalls
 * every request and delivery of the process for its whole duration — half of all commit time
 * under load. Here a worker thread with its own connection checkpoints passively (never waiting
 * for the writer) once a second, and the main connection never checkpoints by itself.
 */
export interface Checkpointer {
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
const timer = setInterval(() => {
  try { db.pragma('wal_checkpoint(PASSIVE)'); } catch (err) { parentPort.postMessage(String(err && err.message || err)); }
}, workerData.intervalMs);
parentPort.on('message', () => { clearInterval(timer); try { db.pragma('wal_checkpoint(PASSIVE)'); } catch {} db.close(); process.exit(0); });
`;

export function startCheckpointer(file: string, driverPath: string, onError: (message: string) => void, intervalMs = 1000): Checkpointer {
  const worker = new Worker(WORKER, { eval: true, workerData: { file, driver: driverPath, intervalMs } });
  worker.on('message', (m) => onError(String(m)));
  worker.on('error', (err) => onError(err.message));
  worker.unref();
  return {
    async stop() {
      const exited = new Promise((r) => worker.once('exit', r));
      // Unref'd so it never keeps a process alive; while we wait for it, it must.
      worker.ref();
      worker.postMessage('stop');
      await exited;
    },
  };
}
