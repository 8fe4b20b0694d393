/**
 * The `herald` command as a user runs it (bin/herald.js over the build): help and version for
 * every command, input checks that match the API's, and start-up failures in one sentence.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const BIN = path.resolve('bin/herald.js');
const COMMANDS = ['serve', 'migrate', 'create-operator', 'create-api-key', 'vapid', 'doctor', 'backup', 'listen'];

function herald(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { PATH: process.env.PATH!, HERALD_LOG_LEVEL: 'silent', ...env }, timeout: 30_000 },
      (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'herald-ops-cli-'));

describe('herald CLI (built binary)', () => {
  it('prints the version and exits 0', async () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const r = await herald(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: `${pkg.version}\n` });
  });

  it('prints help for every command with exit code 0, even with a broken environment', async () => {
    const top = await herald(['--help']);
    expect(top.code).toBe(0);
    for (const c of COMMANDS) expect(top.stdout).toContain(`  ${c}`);
    const results = await Promise.all(COMMANDS.map((c) => herald([c, '--help'], { HERALD_PORT: 'not-a-port' })));
    for (const [i, c] of COMMANDS.entries()) {
      const r = results[i]!;
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(new RegExp(`^Usage: herald ${c}\\b`));
      expect(r.stderr, c).toBe('');
    }
  });

  it('create-operator refuses what POST /api/operators refuses, in one sentence', async () => {
    const env = { HERALD_DATA_DIR: tmp() };
    const bad = await herald(['create-operator', '--email', 'bad', '--role', 'operator'], env);
    expect(bad).toMatchObject({ code: 2, stdout: '', stderr: '--email "bad" is not an email address.\n' });
    const short = await herald(['create-operator', '--email', 'ann@example.test', '--role', 'operator', '--password', 'short'], env);
    expect(short).toMatchObject({ code: 2, stderr: '--password must be 8 to 1024 characters long.\n' });
    const role = await herald(['create-operator', '--email', 'ann@example.test', '--role', 'owner'], env);
    expect(role).toMatchObject({ code: 2, stderr: '--role must be admin, manager, operator or viewer.\n' });
    const unknown = await herald(['create-operator', '--email', 'ann@example.test', '--role', 'operator', '--bogus'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^Unknown option '--bogus'/);
    const ok = await herald(['create-operator', '--email', 'ann@example.test', '--role', 'operator'], env);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^Operator created: ann@example.test \(operator\)/);
  });

  it('a port in use is one sentence and exit code 1', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await herald(['serve'], { HERALD_DATA_DIR: tmp(), HERALD_PORT: String(port) });
      expect(r.code).toBe(1);
      const errLines = r.stderr.trim().split('\n');
      expect(errLines).toEqual([`Port ${port} on 127.0.0.1 is already in use: stop the other process or set HERALD_PORT to a free port.`]);
    } finally {
      blocker.close();
    }
  });

  it('an unreachable database is one sentence and exit code 1, without the password', async () => {
    const closed = net.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const r = await herald(['serve'], { HERALD_DATABASE_URL: `postgres://herald:s3cret@127.0.0.1:${port}/herald` });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([
      `The database at 127.0.0.1:${port}/herald is unreachable (ECONNREFUSED): check HERALD_DATABASE_URL and that PostgreSQL is running.`,
    ]);
    expect(r.stdout).toBe('');
  });

  it('backup on PostgreSQL says to use pg_dump and exits 1', async () => {
    const r = await herald(['backup', path.join(tmp(), 'x.db')], { HERALD_DATABASE_URL: 'postgres://h@127.0.0.1:1/herald' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Herald is using PostgreSQL \(HERALD_DATABASE_URL\): back it up with pg_dump/);
  });
});
