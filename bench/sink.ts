/**
 * The webhook receivers: one loopback HTTP server per agent (one destination each, as separate
 * receivers would be), answering 200 at once. Every POST to /hook carries a message whose text
 * is the bench's id for it; the sink hands (id, arrival time) to whoever waits for it.
 * POSTs to /raw (the raw baseline) are only counted.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export class Sink {
  /** Called for each webhook that names a message; set by the load driver. */
  onArrival: (id: string, at: number) => void = () => {};
  raw = 0;
  hooks = 0;
  /** Webhooks that were not JSON or named no message: counted, and reported as a failure. */
  malformed = 0;
  readonly origins: string[] = [];
  private readonly servers: http.Server[] = [];

  static async start(count: number): Promise<Sink> {
    const sink = new Sink();
    for (let i = 0; i < count; i++) {
      const server = http.createServer((req, res) => sink.handle(req, res));
      // Keep connections as long as the senders do: reconnects would be measured as Herald's cost.
      server.keepAliveTimeout = 120_000;
      server.headersTimeout = 130_000;
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      sink.servers.push(server);
      sink.origins.push(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    }
    return sink;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.url === '/raw') {
      req.resume();
      req.on('end', () => {
        this.raw++;
        res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
        res.end('ok');
      });
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const at = performance.now();
      this.hooks++;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': '2' });
      res.end('ok');
      let id: unknown;
      try {
        id = (JSON.parse(Buffer.concat(chunks).toString()) as { text?: unknown }).text;
      } catch {
        id = undefined;
      }
      if (typeof id === 'string') this.onArrival(id, at);
      else this.malformed++;
    });
  }

  async close(): Promise<void> {
    for (const server of this.servers) {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  }
}
