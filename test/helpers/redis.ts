/**
 * A throwaway redis-server for one test file: loopback only, nothing persisted. There is no
 * opt-out: cluster-mode tests always run, so a machine without redis-server fails loudly here
 * (CI installs Debian's redis-server).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './ports.js';

export interface TestRedis {
  url: string;
  /**
   * Stops the server and starts an empty one on the same port (Redis losing its data);
   * `whileDown` runs in between.
   */
  restart(whileDown?: () => Promise<void>): Promise<void>;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const port = await freePort();
  let child = await spawnRedis(port);
  // A crashed test worker must not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  return {
    url: `redis://127.0.0.1:${port}`,
    async restart(whileDown) {
      // Nothing is persisted: the new server starts empty, as after a crash without appendonly.
      await stopChild(child);
      try {
        await whileDown?.();
      } finally {
        child = await spawnRedis(port);
      }
    },
    async stop() {
      process.removeListener('exit', killOnExit);
      await stopChild(child);
    },
  };
}

async function spawnRedis(port: number): Promise<ChildProcess> {
  // Its own empty directory: a dump.rdb left in a shared one would be loaded at startup.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-redis-'));
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir];
  const child = spawn('redis-server', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`redis-server did not start within 10 s:\n${output}`)), 10_000);
    function fail(err: Error) {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(err);
    }
    child.once('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'ENOENT' ? new Error('redis-server is not installed: the cluster-mode tests need it (apt-get install -y redis-server).') : err),
    );
    const onExit = (code: number | null) => fail(new Error(`redis-server exited with code ${code}:\n${output}`));
    child.once('exit', onExit);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        child.removeListener('exit', onExit);
        child.stdout.removeListener('data', onData);
        child.stderr.removeListener('data', onData);
        // Keep draining so a chatty server never blocks on a full pipe.
        child.stdout.resume();
        child.stderr.resume();
        resolve();
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
  return child;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
