import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What every HTTP/1.1 vendor fake shares: a server on 127.0.0.1 port 0, what it received,
 * scripted answers used in order before normal behaviour resumes, and requests left hanging
 * (to test timeouts) that close() ends.
 */
export abstract class LoopbackFake<Script, Received> {
  readonly received: Received[] = [];
  /** Every request that reached the fake, answered or refused. */
  requests = 0;
  url = '';
  protected readonly scripted: Script[] = [];
  protected readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;

  async start(): Promise<{ url: string }> {
    const server = createServer((req, res) => {
      this.requests++;
      void this.handle(req, res);
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { url: this.url };
  }

  /** Next answers, in order, before normal behaviour resumes. */
  script(...answers: Script[]): void {
    this.scripted.push(...answers);
  }

  reset(): void {
    this.received.length = 0;
    this.scripted.length = 0;
    this.requests = 0;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  protected abstract handle(req: IncomingMessage, res: ServerResponse): Promise<void>;
}
