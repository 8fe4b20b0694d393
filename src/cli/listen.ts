/**
 * `herald listen`: a local webhook receiver for development, in the spirit of `stripe listen`.
 * It prints every event Herald delivers and checks its Standard Webhooks signature with the
 * standardwebhooks library (an implementation independent of Herald's signer).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ListenOptions {
  host: string;
  port: number;
  /** The agent's whsec_ signing secret; without it signatures are shown but not checked. */
  secret?: string;
}

export interface Listener {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1_048_576;

export async function listen(opts: ListenOptions, print: (line: string) => void): Promise<Listener> {
  const verifier = opts.secret ? new Webhook(opts.secret) : undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const status = describe(req, body, verifier, print);
      res.writeHead(status, { 'content-type': 'application/json' }).end(status === 200 ? '{"received":true}' : '{"error":"bad signature"}');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  const url = `http://${host}:${port}/`;
  print(`Listening for Herald webhooks on ${url}`);
  print(
    opts.secret
      ? `Signatures are checked with ${mask(opts.secret)}. Press Ctrl-C to stop.`
      : 'No --secret given: signatures are shown but not checked. Press Ctrl-C to stop.',
  );
  return {
    url,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Prints one delivery; returns the status to answer (401 for a signature that does not verify). */
function describe(req: http.IncomingMessage, body: string, verifier: Webhook | undefined, print: (line: string) => void): number {
  const h = (name: string) => String(req.headers[name] ?? '');
  let event: Record<string, unknown> = {};
  try {
    event = JSON.parse(body) as Record<string, unknown>;
  } catch {
    // shown as it is below
  }
  const time = new Date().toISOString().slice(11, 19);
  let verdict = 'signature not checked';
  let status = 200;
  if (verifier) {
    try {
      verifier.verify(body, {
        'webhook-id': h('webhook-id'),
        'webhook-timestamp': h('webhook-timestamp'),
        'webhook-signature': h('webhook-signature'),
      });
      verdict = '✔ signature verified';
    } catch (err) {
      verdict = `✘ signature INVALID (${(err as Error).message})`;
      status = 401;
    }
  }
  const name = typeof event.event === 'string' ? event.event : `${req.method} ${req.url}`;
  const session = typeof event.sessionId === 'string' ? `  session ${event.sessionId}` : '';
  // One print per event: its lines stay together when other output shares the terminal.
  const lines = [`${time}  ${name}  ${h('webhook-id') || '(no webhook-id)'}${session}  ${verdict}`];
  const author = event.author as { type?: string; id?: string } | undefined;
  if (typeof event.text === 'string') {
    const who = author?.type ? `${author.type}${author.id ? ` ${author.id}` : ''}` : 'text';
    lines.push(`          ${who}: ${JSON.stringify(event.text)}`);
  } else if (!event.event) {
    lines.push(`          ${body.slice(0, 500)}`);
  }
  print(lines.join('\n'));
  return status;
}

/** Enough of the secret to tell keys apart, not enough to use it. */
function mask(secret: string): string {
  return `${secret.slice(0, 6)}…${secret.slice(-4)}`;
}
