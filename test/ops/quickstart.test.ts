/**
 * The README quickstart, run literally: the commands of its "Quickstart" block, in order, on a
 * fresh data dir (only the port and data dir differ, so parallel tests do not collide). It must end
 * with `herald listen` printing a verified message.user event whose author is the customer.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/herald.js';

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });

/** The shell commands of the README's quickstart block (comments dropped). */
function quickstartCommands(): string[] {
  const readme = fs.readFileSync('README.md', 'utf8');
  const block = readme.match(/## Quickstart[\s\S]*?```sh\n([\s\S]*?)```/);
  if (!block) throw new Error('README.md has no Quickstart section with a sh block');
  return block[1]!
    .split('\n')
    .map((l) => l.replace(/\s+#.*$/, '').trim())
    .filter((l) => l && !l.startsWith('#'));
}

describe('README quickstart', () => {
  const children: ChildProcess[] = [];
  afterAll(() => {
    // Each command ran in its own process group; stop exactly those.
    for (const c of children) if (c.pid && c.exitCode === null) process.kill(-c.pid, 'SIGTERM');
  });

  it('ends with herald listen printing a verified event from a fresh data dir', async () => {
    const commands = quickstartCommands();
    expect(commands).toEqual(['HERALD_ALLOW_PRIVATE_WEBHOOKS=true npm start', 'bash scripts/quickstart.sh']);
    const env = {
      ...process.env,
      HERALD_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-quickstart-')),
      HERALD_PORT: String(await freePort()),
      LISTEN_PORT: String(await freePort()),
    };
    const outputs = commands.map(() => ({ text: '' }));
    const run = (i: number) => {
      const child = spawn('bash', ['-c', commands[i]!], { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      child.stdout.on('data', (d) => (outputs[i]!.text += String(d)));
      child.stderr.on('data', (d) => (outputs[i]!.text += String(d)));
      return child;
    };

    run(0);
    // Terminal 1 prints the admin login and key, then listens.
    await eventually(() => /Herald listening on/.test(outputs[0]!.text), 60_000, 100);
    expect(outputs[0]!.text).toMatch(/Server API key: hk_/);

    const script = run(1);
    const out = await eventually(() => (/message\.assistant .*✔ signature verified/.test(outputs[1]!.text) ? outputs[1]!.text : undefined), 60_000, 100).catch(
      (err) => {
        throw new Error(`${String(err)}\n--- quickstart output:\n${outputs[1]!.text}\n--- server:\n${outputs[0]!.text}`);
      },
    );
    expect(script.exitCode).toBeNull(); // still listening, as a user would see it
    expect(out).toMatch(/Listening for Herald webhooks on http:\/\/127\.0\.0\.1:\d+\//);
    expect(out).toMatch(/session\.started +evt_\S+ +session ses_\S+ +✔ signature verified/);
    // "Hello!" came from the customer (her token), the reply from the AI (server key).
    expect(out).toMatch(/message\.user +evt_\S+ +session ses_\S+ +✔ signature verified\n +customer quickstart-ann: "Hello!"/);
    expect(out).toMatch(/message\.assistant +evt_\S+ +session ses_\S+ +✔ signature verified\n +ai: "Hi Ann! How can I help\?"/);
    expect(out).not.toMatch(/INVALID|not checked/);
  });
});
