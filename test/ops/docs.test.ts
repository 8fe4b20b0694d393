/**
 * The documentation stays true: the verification snippets in docs/webhooks.md are extracted and
 * run against webhooks Herald really sent (Node and Python; Go when a toolchain exists), every
 * environment variable read in src/config.ts is documented, and README links stay inside the
 * repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { type Sink, type SinkRequest, startSink } from '../helpers/sink.js';

const webhooksDoc = fs.readFileSync('docs/webhooks.md', 'utf8');
function snippet(heading: string, lang: string): string {
  const m = webhooksDoc.match(new RegExp(`### ${heading}\\n[\\s\\S]*?\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``));
  if (!m) throw new Error(`docs/webhooks.md has no ${lang} block under "### ${heading}"`);
  return m[1]!;
}

interface Case {
  name: string;
  secret: string;
  headers: Record<string, string>;
  body: string;
  expected: boolean;
}

const hasGo = spawnSync('go', ['version']).status === 0;

describe('webhook verification snippets in docs/webhooks.md', () => {
  let h: TestHerald;
  let sink: Sink;
  const cases: Case[] = [];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-docs-'));

  beforeAll(async () => {
    h = await startHerald();
    sink = await startSink();
    const agent = (await h.api('POST', '/api/agents', { name: 'Docs' })).body;
    await h.api('PUT', `/api/agents/${agent.id}/push-config`, {
      enabled: true,
      url: `${sink.url}/hook`,
      headers: [],
      events: ['message.user', 'message.assistant'],
    });
    const first = (await h.api('GET', `/api/agents/${agent.id}/push-config/secret`)).body.signingSecret as string;
    const session = (await h.api('POST', '/api/sessions', { agentId: agent.id, customerId: 'docs-ann' })).body;
    const token = (await h.api('POST', '/api/customers/docs-ann/token', {})).body.token;
    await h.api('POST', `/api/sessions/${session.id}/messages`, { text: 'Grüße — "quoted" & ünïcödé 🎉' }, { authorization: `Bearer ${token}` });
    const plain = await eventually(() => sink.requests[0]);
    // Rotation: the next webhook carries two signatures, one per key.
    const second = (await h.api('POST', `/api/agents/${agent.id}/push-config/rotate-secret`)).body.signingSecret as string;
    await h.api('POST', `/api/sessions/${session.id}/messages`, { text: 'after rotation' });
    const rotated = await eventually(() => sink.requests[1]);
    expect(String(rotated.headers['webhook-signature']).split(' ')).toHaveLength(2);

    const hdrs = (r: SinkRequest) => ({
      'webhook-id': String(r.headers['webhook-id']),
      'webhook-timestamp': String(r.headers['webhook-timestamp']),
      'webhook-signature': String(r.headers['webhook-signature']),
    });
    cases.push(
      { name: 'real webhook', secret: first, headers: hdrs(plain), body: plain.body, expected: true },
      { name: 'tampered body', secret: first, headers: hdrs(plain), body: plain.body.replace('Grüße', 'Grüsse'), expected: false },
      { name: 'wrong secret', secret: second, headers: hdrs(plain), body: plain.body, expected: false },
      { name: 'other webhook-id', secret: first, headers: { ...hdrs(plain), 'webhook-id': 'evt_other' }, body: plain.body, expected: false },
      {
        name: 'stale timestamp',
        secret: first,
        headers: { ...hdrs(plain), 'webhook-timestamp': String(Number(plain.headers['webhook-timestamp']) - 3600) },
        body: plain.body,
        expected: false,
      },
      { name: 'no signature', secret: first, headers: { ...hdrs(plain), 'webhook-signature': '' }, body: plain.body, expected: false },
      { name: 'rotation, new key', secret: second, headers: hdrs(rotated), body: rotated.body, expected: true },
      { name: 'rotation, old key', secret: first, headers: hdrs(rotated), body: rotated.body, expected: true },
    );
    fs.writeFileSync(path.join(dir, 'cases.json'), JSON.stringify(cases));
  });
  afterAll(async () => {
    await sink?.close();
    await h?.close();
  });

  it('the Node snippet accepts real signatures and refuses forgeries', () => {
    fs.writeFileSync(path.join(dir, 'verify.mjs'), snippet('Node.js', 'js'));
    fs.writeFileSync(
      path.join(dir, 'run.mjs'),
      `import fs from 'node:fs';\nimport { verifyHeraldWebhook } from './verify.mjs';\n` +
        `const cases = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));\n` +
        `console.log(JSON.stringify(cases.map((c) => verifyHeraldWebhook(c.secret, c.headers, c.body))));\n`,
    );
    const out = execFileSync(process.execPath, [path.join(dir, 'run.mjs'), path.join(dir, 'cases.json')], { encoding: 'utf8' });
    expect(Object.fromEntries(cases.map((c, i) => [c.name, JSON.parse(out)[i]]))).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.expected])));
  });

  it('the Python snippet accepts real signatures and refuses forgeries', () => {
    fs.writeFileSync(
      path.join(dir, 'run.py'),
      `${snippet('Python', 'python')}\n\nimport json, sys\n` +
        `cases = json.load(open(sys.argv[1], encoding="utf-8"))\n` +
        `print(json.dumps([verify_herald_webhook(c["secret"], c["headers"], c["body"].encode("utf-8")) for c in cases]))\n`,
    );
    const out = execFileSync('python3', [path.join(dir, 'run.py'), path.join(dir, 'cases.json')], { encoding: 'utf8' });
    expect(Object.fromEntries(cases.map((c, i) => [c.name, JSON.parse(out)[i]]))).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.expected])));
  });

  // No Go toolchain on the CI machines: this shows as skipped there rather than passing unchecked.
  it.skipIf(!hasGo)('the Go snippet accepts real signatures and refuses forgeries', () => {
    const mod = path.join(dir, 'go');
    fs.mkdirSync(path.join(mod, 'herald'), { recursive: true });
    fs.writeFileSync(path.join(mod, 'go.mod'), 'module docs\n\ngo 1.21\n');
    fs.writeFileSync(path.join(mod, 'herald', 'verify.go'), snippet('Go', 'go'));
    fs.writeFileSync(
      path.join(mod, 'main.go'),
      `package main\n\nimport (\n\t"encoding/json"\n\t"fmt"\n\t"net/http"\n\t"os"\n\t"time"\n\n\t"docs/herald"\n)\n\n` +
        `func main() {\n\tvar cases []struct{ Secret string; Headers map[string]string; Body string }\n\traw, _ := os.ReadFile(os.Args[1])\n\tjson.Unmarshal(raw, &cases)\n` +
        `\tout := []bool{}\n\tfor _, c := range cases {\n\t\th := http.Header{}\n\t\tfor k, v := range c.Headers {\n\t\t\th.Set(k, v)\n\t\t}\n` +
        `\t\tout = append(out, herald.VerifyWebhook(c.Secret, h, []byte(c.Body), 5*time.Minute))\n\t}\n\tb, _ := json.Marshal(out)\n\tfmt.Println(string(b))\n}\n`,
    );
    const out = execFileSync('go', ['run', '.', path.join(dir, 'cases.json')], { cwd: mod, encoding: 'utf8' });
    expect(Object.fromEntries(cases.map((c, i) => [c.name, JSON.parse(out)[i]]))).toEqual(Object.fromEntries(cases.map((c) => [c.name, c.expected])));
  });
});

describe('documentation', () => {
  it('documents every environment variable src/config.ts reads, in docs/configuration.md and (core ones) the README', () => {
    const names = [
      ...new Set(
        [...fs.readFileSync('src/config.ts', 'utf8').matchAll(/'((?:HERALD|FCM|APNS|VAPID|TELEGRAM|SMTP|TWILIO|BEAMS|ONESIGNAL|INTERCOM)_[A-Z_]+)'/g)].map(
          (m) => m[1]!,
        ),
      ),
    ];
    expect(names.length).toBeGreaterThan(40);
    const configDoc = fs.readFileSync('docs/configuration.md', 'utf8');
    expect(names.filter((n) => !configDoc.includes(`\`${n}\``))).toEqual([]);
    const readme = fs.readFileSync('README.md', 'utf8');
    expect(names.filter((n) => n.startsWith('HERALD_') && !readme.includes(`\`${n}\``))).toEqual([]);
  });

  it('links from the README and docs/ stay inside the repository and point at files that exist', () => {
    for (const file of ['README.md', ...fs.readdirSync('docs').map((f) => `docs/${f}`)]) {
      const text = fs.readFileSync(file, 'utf8');
      for (const [, target] of text.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)) {
        if (/^https?:/.test(target!)) continue;
        const resolved = path.resolve(path.dirname(file), target!);
        expect(resolved.startsWith(process.cwd() + path.sep), `${file} → ${target}`).toBe(true);
        expect(fs.existsSync(resolved), `${file} → ${target}`).toBe(true);
      }
    }
    expect(fs.readFileSync('LICENSE', 'utf8')).toMatch(/^MIT License/);
    expect(JSON.parse(fs.readFileSync('package.json', 'utf8')).license).toBe('MIT');
  });
});
