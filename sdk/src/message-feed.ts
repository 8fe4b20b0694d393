import type { HeraldHttp } from './http.js';
import { SseParser, type SseEvent } from './sse-parser.js';
import type { ConnectionState, Message, StreamReader, TransportMode } from './types.js';

const PAGE = 200; // the server's maximum page size
const MAX_BACKOFF_MS = 30_000;
// The server sends a heartbeat comment every 15 s; three missed beats mean a dead connection
// (a phone that changed networks often never sees the socket close).
const IDLE_TIMEOUT_MS = 45_000;

export interface FeedDeps {
  http: HeraldHttp;
  list(sessionId: string, after: number, limit: number): Promise<Message[]>;
  mode: TransportMode;
  pollIntervalMs: number;
  onError(err: unknown): void;
}

interface Subscription {
  sessionId: string;
  cb: (m: Message) => void;
  /** Every seq up to here has been delivered, in order. */
  cursor: number;
  /** Stream events that came before a missing seq: held back until the gap is read. */
  held: Map<number, Message>;
  catching: Promise<void> | null;
  again: boolean;
  closed: boolean;
}

/**
 * Live messages for onMessage: one SSE stream per client (the customer's stream carries all of
 * their sessions), polling where streaming is down or impossible, and a catch-up read after every
 * (re)connect so nothing said while disconnected is lost. Dedupe is by seq.
 */
export class MessageFeed {
  private readonly subs = new Set<Subscription>();
  private stateNow: ConnectionState = 'idle';
  // Bumped on every start/stop: a loop from an earlier start sees the change and quits.
  private gen = 0;
  private abort: AbortController | null = null;
  private pollTimer: ReturnType<typeof setTimeout> | null = null;
  private wake: (() => void) | null = null;
  private streamUnavailable = false;

  constructor(private readonly deps: FeedDeps) {}

  get state(): ConnectionState {
    return this.stateNow;
  }

  /**
   * `after` is the last seq the caller already has; 0 replays the whole conversation. There is
   * deliberately no "from now on": the client cannot know the server's seq at the moment of the
   * call, and guessing it loses a message that lands in between.
   */
  subscribe(sessionId: string, cb: (m: Message) => void, after = 0): () => void {
    const sub: Subscription = {
      sessionId,
      cb,
      cursor: after,
      held: new Map(),
      catching: null,
      again: false,
      closed: false,
    };
    this.subs.add(sub);
    if (this.subs.size === 1) this.start();
    this.catchUp(sub).catch(this.deps.onError);
    return () => {
      if (sub.closed) return;
      sub.closed = true;
      this.subs.delete(sub);
      if (this.subs.size === 0) this.stop();
    };
  }

  /** Stops the transport and drops every subscription. */
  close(): void {
    for (const sub of this.subs) sub.closed = true;
    this.subs.clear();
    this.stop();
  }

  private start(): void {
    const gen = ++this.gen;
    if (this.deps.mode === 'polling' || this.streamUnavailable) this.startPolling(false);
    else void this.streamLoop(gen);
  }

  private stop(): void {
    this.gen++;
    this.abort?.abort();
    this.abort = null;
    this.stopPolling();
    this.wake?.();
    this.stateNow = 'idle';
  }

  private async streamLoop(gen: number): Promise<void> {
    let attempt = 0;
    while (this.gen === gen) {
      const ctrl = new AbortController();
      this.abort = ctrl;
      if (this.stateNow !== 'polling') this.stateNow = 'connecting';
      // A fetch that buffers the whole response never hands back headers; poll meanwhile.
      const slow =
        this.deps.mode === 'auto'
          ? setTimeout(() => {
              if (this.gen === gen) this.startPolling(true);
            }, this.deps.pollIntervalMs)
          : null;
      try {
        const res = await this.deps.http.openStream('/api/stream', ctrl.signal);
        const reader = res.body?.getReader?.();
        if (!reader) {
          ctrl.abort();
          if (this.deps.mode === 'auto') {
            // React Native's fetch and some polyfills cannot stream: poll from now on.
            this.streamUnavailable = true;
            if (this.gen === gen) this.startPolling(true);
            return;
          }
          throw new Error('This fetch cannot stream responses; use transport "auto" or "polling".');
        }
        if (this.gen !== gen) {
          reader.cancel().catch(() => undefined);
          return;
        }
        if (slow) clearTimeout(slow);
        attempt = 0;
        this.stopPolling();
        this.stateNow = 'streaming';
        this.catchUpAll();
        await this.pump(reader, gen, ctrl);
      } catch (err) {
        if (this.gen !== gen) return;
        this.deps.onError(err);
      } finally {
        if (slow) clearTimeout(slow);
      }
      if (this.gen !== gen) return;
      if (this.deps.mode === 'auto') this.startPolling(true);
      else this.stateNow = 'connecting';
      await this.sleep(backoff(attempt++));
    }
  }

  private async pump(reader: StreamReader, gen: number, ctrl: AbortController): Promise<void> {
    const decoder = new TextDecoder();
    const parser = new SseParser((e) => this.onEvent(e));
    let idle = setTimeout(() => ctrl.abort(), IDLE_TIMEOUT_MS);
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done || this.gen !== gen) break;
        clearTimeout(idle);
        idle = setTimeout(() => ctrl.abort(), IDLE_TIMEOUT_MS);
        if (value) parser.push(decoder.decode(value, { stream: true }));
      }
    } finally {
      clearTimeout(idle);
      reader.cancel().catch(() => undefined);
    }
  }

  private onEvent(e: SseEvent): void {
    if (e.event !== 'message.created') return;
    let m: Message;
    try {
      m = JSON.parse(e.data) as Message;
    } catch {
      return;
    }
    if (typeof m?.sessionId !== 'string' || typeof m.seq !== 'number') return;
    for (const sub of this.subs) {
      if (sub.sessionId !== m.sessionId) continue;
      if (m.seq <= sub.cursor) continue;
      if (m.seq === sub.cursor + 1) {
        this.emit(sub, m);
        this.drainHeld(sub);
      } else {
        // Something is missing before it (said while reconnecting): read the gap first.
        sub.held.set(m.seq, m);
        this.catchUp(sub).catch(this.deps.onError);
      }
    }
  }

  private emit(sub: Subscription, m: Message): void {
    sub.cursor = m.seq;
    sub.held.delete(m.seq);
    if (sub.closed) return;
    try {
      sub.cb(m);
    } catch (err) {
      // One faulty listener must not stop the stream for the others.
      this.deps.onError(err);
    }
  }

  private drainHeld(sub: Subscription): void {
    for (const seq of sub.held.keys()) if (seq <= sub.cursor) sub.held.delete(seq);
    for (let next = sub.held.get(sub.cursor + 1); next; next = sub.held.get(sub.cursor + 1)) this.emit(sub, next);
  }

  private catchUpAll(): void {
    for (const sub of this.subs) this.catchUp(sub).catch(this.deps.onError);
  }

  /** Reads everything after the cursor; concurrent calls for one subscription coalesce. */
  private catchUp(sub: Subscription): Promise<void> {
    if (sub.catching) {
      sub.again = true;
      return sub.catching;
    }
    const run = async () => {
      do {
        sub.again = false;
        for (;;) {
          const items = await this.deps.list(sub.sessionId, sub.cursor, PAGE);
          // The server's list is the truth: a seq it skips is not coming, so no waiting for it.
          for (const m of items) if (m.seq > sub.cursor) this.emit(sub, m);
          this.drainHeld(sub);
          if (items.length < PAGE || sub.closed) break;
        }
      } while (sub.again && !sub.closed);
    };
    sub.catching = run()
      .catch((err: unknown) => {
        // Held messages wait for this read; try again rather than keep them back for good.
        if (sub.held.size > 0) {
          setTimeout(() => {
            if (!sub.closed) this.catchUp(sub).catch(this.deps.onError);
          }, this.deps.pollIntervalMs);
        }
        throw err;
      })
      .finally(() => {
        sub.catching = null;
      });
    return sub.catching;
  }

  private startPolling(now: boolean): void {
    this.stateNow = 'polling';
    if (this.pollTimer !== null) return;
    const tick = () => {
      this.catchUpAll();
      this.pollTimer = setTimeout(tick, this.deps.pollIntervalMs);
    };
    this.pollTimer = setTimeout(tick, now ? 0 : this.deps.pollIntervalMs);
  }

  private stopPolling(): void {
    if (this.pollTimer !== null) clearTimeout(this.pollTimer);
    this.pollTimer = null;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}

/** 1 s, 2 s, 4 s … 30 s, with ±20 % jitter so a server restart is not met by a thundering herd. */
function backoff(attempt: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** attempt);
  return Math.round(base * (0.8 + Math.random() * 0.4));
}
