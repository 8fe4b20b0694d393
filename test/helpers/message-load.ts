/**
 * A steady stream of customer messages spread over several Herald processes, behaving as a
 * careful client does: a message answered with 5xx (or not answered: connection refused, reset,
 * timeout) is sent again, to the next process, until one accepts it with 201.
 */
export interface MessageLoadOptions {
  /** Base URLs to post to, asked before every request (a killed process drops out). */
  targets: () => string[];
  sessionId: string;
  apiKey: string;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Pause between one sender's messages: sets the pace, never synchronizes anything. */
  paceMs?: number;
}

export class MessageLoad {
  /** Text of each message some process accepted (201) → when. */
  readonly accepted = new Map<string, number>();
  /** Answers that were not 201 since start() (status or error code) → how many; 5xx, 429 and errors were sent again. */
  readonly refused = new Map<string, number>();
  private running: Promise<void>[] = [];
  private stopping = false;
  private next = 0;
  private turn = 0;

  constructor(private readonly opts: MessageLoadOptions) {}

  /** Starts sending `<prefix>-<n>` messages; `refused` counts from here. */
  start(prefix: string): void {
    this.stopping = false;
    this.refused.clear();
    this.running = Array.from({ length: this.opts.concurrency ?? 4 }, () => this.sender(prefix));
  }

  /** Stops sending; a message not yet accepted is abandoned (the client gave up on it). */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  acceptedSince(t: number, prefix: string): number {
    let n = 0;
    for (const [text, at] of this.accepted) if (at >= t && text.startsWith(`${prefix}-`)) n++;
    return n;
  }

  texts(prefix: string): string[] {
    return [...this.accepted.keys()].filter((t) => t.startsWith(`${prefix}-`));
  }

  refusedCount(): number {
    let n = 0;
    for (const v of this.refused.values()) n += v;
    return n;
  }

  private async sender(prefix: string): Promise<void> {
    while (!this.stopping) {
      const text = `${prefix}-${this.next++}`;
      while (!this.stopping && !(await this.post(text))) await pause(100);
      await pause(this.opts.paceMs ?? 40);
    }
  }

  /** True when the message is settled (accepted, or refused for good). */
  private async post(text: string): Promise<boolean> {
    const targets = this.opts.targets();
    const base = targets[this.turn++ % targets.length]!;
    let outcome: string;
    try {
      const res = await fetch(`${base}/api/sessions/${this.opts.sessionId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.opts.apiKey}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text, role: 'user' }),
        signal: AbortSignal.timeout(10_000),
      });
      await res.arrayBuffer();
      if (res.status === 201) {
        this.accepted.set(text, Date.now());
        return true;
      }
      outcome = String(res.status);
      if (res.status < 500 && res.status !== 429) {
        // A client error is not retried: the test sees it in `refused`, the message is dropped.
        this.refused.set(outcome, (this.refused.get(outcome) ?? 0) + 1);
        return true;
      }
    } catch (err) {
      outcome = (err as Error & { cause?: { code?: string } }).cause?.code ?? (err as Error).name;
    }
    this.refused.set(outcome, (this.refused.get(outcome) ?? 0) + 1);
    return false;
  }
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
