/**
 * The behaviour every Bus implementation must have; run against each one (memory, Redis) by its
 * own test file. Tests about two instances sharing a backend run only where that makes sense.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, expect, it } from 'vitest';
import { withWorkspace, trustedWorkspaceId } from '../store/workspace-scope.js';
import { type Bus, topics } from './bus.js';

export interface BusHarness {
  /** A new bus over the same backend each time it is called (another process of a cluster). */
  open(presenceTtlMs: number): Bus;
}

const TTL_MS = 300;

/** Polls a condition (every 10 ms) until it holds. */
async function until(fn: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await fn())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** `shared`: instances see each other's messages and presence (false for the in-memory bus). */
export function busContract(harness: () => BusHarness, opts: { shared: boolean }): void {
  // Cross-instance behaviour exists only where instances share a backend; elsewhere it is not a test.
  const sharedIt = opts.shared ? it : () => undefined;
  const opened: Bus[] = [];
  const open = () => {
    const bus = harness().open(TTL_MS);
    opened.push(bus);
    return bus;
  };
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((b) => b.close()));
  });
  // Fresh ids per test, so implementations over a shared backend need no cleanup between tests.
  const uid = () => randomUUID();

  it('delivers a message to every subscriber of its topic and no other', async () => {
    const bus = open();
    const [t1, t2] = [uid(), uid()];
    const a: unknown[] = [];
    const b: unknown[] = [];
    const other: unknown[] = [];
    bus.subscribe(t1, (m) => a.push(m));
    bus.subscribe(t1, (m) => b.push(m));
    bus.subscribe(t2, (m) => other.push(m));
    const message = { type: 'message.created', data: { text: 'hé', n: 1, nested: [true, null] } };
    await bus.publish(t1, message);
    // A last message on each topic: once it is in, anything misrouted or repeated would be too.
    await bus.publish(t1, 'end');
    await bus.publish(t2, 'end');
    await until(() => a.includes('end') && b.includes('end') && other.includes('end'));
    expect(a).toEqual([message, 'end']);
    expect(b).toEqual([message, 'end']);
    expect(other).toEqual(['end']);
  });

  it('keeps the order of messages published to a topic', async () => {
    const bus = open();
    const t = uid();
    const got: unknown[] = [];
    bus.subscribe(t, (m) => got.push(m));
    for (let n = 0; n < 20; n++) await bus.publish(t, { n });
    await until(() => got.length === 20);
    expect(got).toEqual(Array.from({ length: 20 }, (_, n) => ({ n })));
  });

  it('stops delivering after unsubscribe; a throwing subscriber does not stop the others', async () => {
    const bus = open();
    const t = uid();
    const kept: unknown[] = [];
    const dropped: unknown[] = [];
    bus.subscribe(t, () => {
      throw new Error('broken subscriber');
    });
    bus.subscribe(t, (m) => kept.push(m));
    const unsubscribe = bus.subscribe(t, (m) => dropped.push(m));
    await bus.publish(t, 1);
    await until(() => kept.length === 1 && dropped.length === 1);
    unsubscribe();
    unsubscribe();
    await bus.publish(t, 2);
    await bus.publish(t, 'end');
    // Every subscriber of a topic gets a message in the same dispatch: by 'end', 2 would be there.
    await until(() => kept.includes('end'));
    expect(kept).toEqual([1, 2, 'end']);
    expect(dropped).toEqual([1]);
  });

  it('keeps a user online while any stream is open, then records when they left', async () => {
    const { presence } = open();
    const id = uid();
    const first = presence.connect('customer', id);
    const second = presence.connect('customer', id);
    expect(await presence.isOnline('customer', id)).toBe(true);
    expect(await presence.isOnline('operator', id)).toBe(false);
    expect(await presence.onlineIds('customer')).toContain(id);
    expect(await presence.onlineIds('operator')).not.toContain(id);
    expect(await presence.offlineSince('customer', id)).toBeUndefined();
    first();
    first(); // releasing twice must not end the other stream
    expect(await presence.isOnline('customer', id)).toBe(true);
    const before = Date.now();
    second();
    const after = Date.now();
    expect(await presence.isOnline('customer', id)).toBe(false);
    expect(await presence.onlineIds('customer')).not.toContain(id);
    const since = await presence.offlineSince('customer', id);
    expect(since).toBeGreaterThanOrEqual(before - 5);
    expect(since).toBeLessThanOrEqual(after + 5);
  });

  it('keeps a polling user online for the presence TTL', async () => {
    const { presence } = open();
    const id = uid();
    const touched = Date.now();
    await presence.touch('customer', id);
    expect(await presence.isOnline('customer', id)).toBe(true);
    expect(await presence.onlineIds('customer')).toContain(id);
    expect(await presence.offlineSince('customer', id)).toBeUndefined();
    await until(async () => !(await presence.isOnline('customer', id)), TTL_MS + 1000);
    expect(Date.now() - touched).toBeGreaterThanOrEqual(TTL_MS - 5);
    expect(await presence.onlineIds('customer')).not.toContain(id);
    const since = (await presence.offlineSince('customer', id))!;
    expect(Math.abs(since - (touched + TTL_MS))).toBeLessThan(100);
  });

  it('keeps a customer id of one workspace apart from the same id in another (streams and presence)', async () => {
    const bus = open();
    const id = uid();
    const [A, B] = [trustedWorkspaceId('ws_a'), trustedWorkspaceId('ws_b')];
    const gotA: unknown[] = [];
    const gotB: unknown[] = [];
    withWorkspace(A, () => bus.subscribe(topics.customer(id), (m) => gotA.push(m)));
    withWorkspace(B, () => bus.subscribe(topics.customer(id), (m) => gotB.push(m)));
    const release = withWorkspace(A, () => bus.presence.connect('customer', id));
    await withWorkspace(B, () => bus.publish(topics.customer(id), 'for B'));
    // A row's workspace names the topic whatever the scope (the engine publishes for many).
    await bus.publish(topics.customer(id, A), 'for A');
    await until(() => gotA.length === 1 && gotB.length === 1);
    expect([gotA, gotB]).toEqual([['for A'], ['for B']]);
    expect(await withWorkspace(A, () => bus.presence.isOnline('customer', id))).toBe(true);
    expect(await withWorkspace(B, () => bus.presence.isOnline('customer', id))).toBe(false);
    expect(await withWorkspace(B, () => bus.presence.offlineSince('customer', id))).toBeUndefined();
    expect(await withWorkspace(A, () => bus.presence.onlineIds('customer'))).toContain(id);
    expect(await withWorkspace(B, () => bus.presence.onlineIds('customer'))).not.toContain(id);
    release();
    expect(await withWorkspace(A, () => bus.presence.isOnline('customer', id))).toBe(false);
  });

  it('knows nothing of a user never seen', async () => {
    const { presence } = open();
    const id = uid();
    expect(await presence.isOnline('operator', id)).toBe(false);
    expect(await presence.offlineSince('operator', id)).toBeUndefined();
    expect(await presence.onlineIds('operator')).not.toContain(id);
  });

  sharedIt('delivers a message published on one instance to subscribers on another', async () => {
    const [a, b] = [open(), open()];
    const t = uid();
    const onB: unknown[] = [];
    const onA: unknown[] = [];
    b.subscribe(t, (m) => onB.push(m));
    a.subscribe(t, (m) => onA.push(m));
    // Subscribe-then-publish holds within one instance (tested above), so once each instance's own
    // message came back, both subscriptions are in place for everybody.
    await b.publish(t, 'probe-b');
    await a.publish(t, 'probe-a');
    await until(() => onB.includes('probe-a'));
    await a.publish(t, { from: 'a' });
    await until(() => onB.length === 3 && onA.length === 3);
    expect(onB).toEqual(['probe-b', 'probe-a', { from: 'a' }]);
    expect(onA).toEqual(onB);
  });

  sharedIt('shares presence between instances', async () => {
    const [a, b] = [open(), open()];
    const [streaming, polling] = [uid(), uid()];
    const release = a.presence.connect('customer', streaming);
    await a.presence.touch('operator', polling);
    expect(await a.presence.isOnline('customer', streaming)).toBe(true);
    // connect() returns at once; another process learns of it a moment later.
    await until(() => b.presence.isOnline('customer', streaming));
    expect(await b.presence.isOnline('operator', polling)).toBe(true);
    expect(await b.presence.onlineIds('customer')).toContain(streaming);
    expect(await b.presence.onlineIds('operator')).toContain(polling);
    expect(await b.presence.offlineSince('customer', streaming)).toBeUndefined();
    // Connected on both: leaving one instance keeps the user online.
    const onB = b.presence.connect('customer', streaming);
    release();
    expect(await a.presence.isOnline('customer', streaming)).toBe(true);
    const before = Date.now();
    onB();
    expect(await b.presence.isOnline('customer', streaming)).toBe(false);
    expect(await a.presence.isOnline('customer', streaming)).toBe(false);
    expect(await a.presence.offlineSince('customer', streaming)).toBeGreaterThanOrEqual(before - 5);
  });

  sharedIt("ends a closed instance's streams for the others", async () => {
    const [a, b] = [open(), open()];
    const id = uid();
    a.presence.connect('operator', id);
    await until(() => b.presence.isOnline('operator', id));
    const before = Date.now();
    await a.close();
    expect(await b.presence.isOnline('operator', id)).toBe(false);
    expect(await b.presence.offlineSince('operator', id)).toBeGreaterThanOrEqual(before - 5);
  });
}
