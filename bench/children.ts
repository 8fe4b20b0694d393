/**
 * Child processes of the bench (Herald's processes, the naive baseline). Every one is registered
 * so that whatever happens — an error, Ctrl-C, a failed assertion — the bench kills exactly the
 * processes it started, by pid, before it exits.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

export interface Child {
  name: string;
  pid: number;
  proc: ChildProcess;
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<string>;
  /** The last lines it wrote, for error messages. */
  tail(): string;
  /** Resolves with the first match of `re` in its stderr (e.g. the inspector URL). */
  waitForStderr(re: RegExp, ms: number): Promise<RegExpExecArray>;
}

const live = new Set<Child>();

export function spawnChild(name: string, args: string[], env: Record<string, string | undefined>, logFile: string): Child {
  const proc = spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: process.cwd() });
  if (proc.pid === undefined) throw new Error(`Could not start ${name}.`);
  const log = fs.createWriteStream(logFile);
  let tail = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  const keep = (chunk: Buffer, isErr: boolean) => {
    log.write(chunk);
    tail = (tail + chunk.toString()).slice(-4000);
    if (isErr) {
      stderr = (stderr + chunk.toString()).slice(-20_000);
      for (const w of watchers) w();
    }
  };
  proc.stdout.on('data', (c: Buffer) => keep(c, false));
  proc.stderr.on('data', (c: Buffer) => keep(c, true));
  const exited = new Promise<string>((resolve) =>
    proc.once('exit', (code, signal) => {
      live.delete(child);
      log.end();
      resolve(signal ?? String(code));
    }),
  );
  const child: Child = {
    name,
    pid: proc.pid,
    proc,
    exited,
    tail: () => tail.trim().split('\n').slice(-15).join('\n'),
    waitForStderr: (re, ms) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${name} did not print ${re} within ${ms} ms.`)), ms);
        const check = () => {
          const m = re.exec(stderr);
          if (m) {
            clearTimeout(timer);
            resolve(m);
          }
        };
        watchers.push(check);
        check();
      }),
  };
  live.add(child);
  return child;
}

/** SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stopChild(child: Child, graceMs = 20_000): Promise<string> {
  if (!live.has(child)) return child.exited;
  child.proc.kill('SIGTERM');
  const timer = setTimeout(() => child.proc.kill('SIGKILL'), graceMs);
  const how = await child.exited;
  clearTimeout(timer);
  return how;
}

/** Last resort, synchronous (runs in 'exit' handlers): kill every child still alive. */
export function killAll(): void {
  for (const c of live) {
    try {
      process.kill(c.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}

let installed = false;
/** Kill the children on every way out of the bench. */
export function installCleanup(): void {
  if (installed) return;
  installed = true;
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200; fails at once if one of `children` exits meanwhile. */
export async function waitHttpOk(url: string, children: Child[], ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  let died: Child | undefined;
  for (const c of children) void c.exited.then(() => (died ??= c));
  for (;;) {
    if (died) throw new Error(`${died.name} exited during start-up (${await died.exited}):\n${died.tail()}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${ms / 1000} s.`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
