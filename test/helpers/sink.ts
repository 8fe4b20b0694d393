import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SinkRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
  at: number;
  /** False when the sender had gone (its connection closed) before the answer was written. */
  answered: boolean;
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
  let held: Array<{ answer: () => void; req: http.IncomingMessage }> | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const answer = () => {
        const answered = !req.socket.destroyed;
        requests.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: Date.now(), answered });
        const reply = script.shift() ?? fallback;
        res.writeHead(reply.status, reply.headers);
        res.end(reply.body ?? '');
      };
      if (held) held.push({ answer, req });
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
      for (const w of waiting) w.answer();
    },
    /** Requests held open right now, how many of their senders have gone meanwhile, and the senders' ports. */
    held() {
      const waiting = held ?? [];
      return {
        count: waiting.length,
        gone: waiting.filter((w) => w.req.socket.destroyed).length,
        ports: waiting.map((w) => w.req.socket.remotePort!),
      };
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type Sink = Awaited<ReturnType<typeof startSink>>;
