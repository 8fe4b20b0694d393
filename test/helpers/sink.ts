import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
}

export type SinkReply = { status: number; headers?: Record<string, string>; body?: string };

/**
 * A loopback HTTP receiver for webhooks: records every request and answers with a scripted
 * status (queue of replies, then the default). `hold()` keeps requests open until `release()`.
 */
export async function startSink() {
  const requests: SinkRequest[] = [];
  const script: SinkReply[] = [];
  let fallback: SinkReply = { status: 200, body: 'ok' };
  let held: Array<() => void> | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const answer = () => {
        requests.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now() });
        const reply = script.shift() ?? fallback;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? '');
      };
      if (held) held.push(answer);
      else answer();
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Replies used in order for the next requests. */
    reply(...replies: SinkReply[]) {
      script.push(...replies);
    },
    always(reply: SinkReply) {
      fallback = reply;
    },
    hold() {
      held = [];
    },
    /** Requests received and not answered yet (while held). */
    waiting() {
      return held?.length ?? 0;
    },
    release() {
      const waiting = held ?? [];
      held = undefined;
      for (const w of waiting) w();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type Sink = Awaited<ReturnType<typeof startSink>>;
