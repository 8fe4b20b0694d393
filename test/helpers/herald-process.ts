/**
 * `herald serve` in its own child process, as a machine of a cluster runs it: crashes, exits and
 * log lines are observable, and the process can be killed for real.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { eventually } from './herald.js';
import { freePort } from './ports.js';

export interface HeraldProcess {
  name: string;
  url: string;
  child: ChildProcess;
  /** Every line the process wrote (pino JSON lines and plain text), stdout and stderr. */
  lines: string[];
  logFile: string | undefined;
  alive(): boolean;
  /** Resolves with the exit code (or signal) once the process has exited. */
  exited: Promise<number | string>;
  /** SIGTERM, then SIGKILL if it has not exited within 15 s. */
  stop(): Promise<void>;
}

export async function spawnHerald(
  name: string,
  env: Record<string, string>,
  opts: { args?: string[]; waitForHealth?: boolean; /** Also write every line here. */ logFile?: string } = {},
): Promise<HeraldProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/helpers/serve-child.ts', ...(opts.args ?? [])], {
    env: { ...process.env, HERALD_HOST: '127.0.0.1', HERALD_PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (rest + chunk.toString()).split('\n');
      rest = parts.pop()!;
      const full = parts.filter(Boolean);
      lines.push(...full);
      if (opts.logFile && full.length) fs.appendFileSync(opts.logFile, full.map((l) => `${l}\n`).join(''));
    });
  }
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.removeListener('exit', killOnExit));
  const alive = () => child.exitCode === null && child.signalCode === null;
  const proc: HeraldProcess = {
    name,
    url: `http://127.0.0.1:${port}`,
    child,
    lines,
    logFile: opts.logFile,
    alive,
    exited,
    async stop() {
      if (!alive()) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
  if (opts.waitForHealth ?? true) {
    const died = exited.then((code) => {
      throw new Error(`${name} exited (${code}) during startup:\n${lines.slice(-20).join('\n')}`);
    });
    died.catch(() => {}); // observed below; a later exit is the test's business, not this helper's
    try {
      await Promise.race([eventually(async () => (await fetch(`${proc.url}/api/health`)).ok, 60_000, 100), died]);
    } catch (err) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not become healthy: ${(err as Error).message}\n${lines.slice(-20).join('\n')}`);
    }
  }
  return proc;
}
