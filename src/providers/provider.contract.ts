/**
 * The behaviour every provider must have, whatever its vendor: the same seven cases, run by each
 * provider's own test file against that vendor's loopback fake (test/fakes/). Each fixture says
 * how to make its fake answer a case the way the real vendor would; a case that means nothing
 * for a vendor (SMTP has no Retry-After) is declared with the reason and shows as skipped.
 */
import { afterEach, beforeAll, afterAll, beforeEach, expect, it } from 'vitest';
import type { DeliveryResult, Provider } from './provider.js';

/** Why a case has no meaning for this vendor. */
export interface NotApplicable {
  notApplicable: string;
}

/** What the next send will meet, arranged on the fake. */
export interface Arranged<T> {
  target: T;
  /** The code the vendor answers with (HTTP status or SMTP reply code), when it answers. */
  statusCode?: number;
}

export interface ProviderFixture<M, T> {
  start(): Promise<void>;
  close(): Promise<void>;
  /** Forgets what the fake received and any answers still scripted. */
  reset(): void;
  /** A provider with complete settings, pointed at the fake, with this whole-request deadline. */
  provider(timeoutMs: number): Provider<M, T>;
  /** A provider missing a setting it cannot work without, or why the vendor has no settings. */
  unconfigured: (() => Provider<M, T>) | NotApplicable;
  message: M;
  /** Sends that reached the fake so far, accepted or refused. */
  requests(): number;
  /** The vendor accepts; `messageId`: it names the accepted message. */
  success(): Arranged<T> & { messageId: boolean };
  /** A transient failure of the vendor (5xx, SMTP 4yz). */
  retryable(): Arranged<T>;
  /** A rate limit asking to wait this long. */
  retryAfter: ((seconds: number) => Arranged<T>) | NotApplicable;
  /** A refusal that the same message would meet again (bad request, bad credentials). */
  permanent(): Arranged<T>;
  /** The target is gone for good (unregistered token, 410, blocked bot, invalid number). */
  deadTarget: (() => Arranged<T>) | NotApplicable;
  /** The vendor accepts the connection and never answers. */
  hang(): Arranged<T>;
}

const TIMEOUT_MS = 300;

/** Registers the provider contract in the calling `describe`. */
export function providerContract<M, T>(fixture: ProviderFixture<M, T>): void {
  const opened: Provider<M, T>[] = [];
  const open = (timeoutMs = 3000): Provider<M, T> => {
    const p = fixture.provider(timeoutMs);
    opened.push(p);
    return p;
  };
  const caseIt = <F>(name: string, arrange: F | NotApplicable, body: (arrange: F) => Promise<void>): void => {
    if (typeof arrange === 'object' && arrange !== null && 'notApplicable' in arrange) {
      it.skip(`${name} — not applicable: ${arrange.notApplicable}`, () => undefined);
    } else {
      it(name, () => body(arrange));
    }
  };
  /** Sends once and checks what every outcome shares: the fake was asked, nothing threw. */
  const sendTo = async (provider: Provider<M, T>, arranged: Arranged<T>): Promise<DeliveryResult> => {
    const before = fixture.requests();
    const result = await provider.send(fixture.message, arranged.target);
    expect(fixture.requests()).toBe(before + 1);
    return result;
  };
  const expectFailure = (result: DeliveryResult, kind: string, arranged: Arranged<T>): void => {
    expect(result.kind).toBe(kind);
    expect('error' in result && result.error.length > 0).toBe(true);
    if (arranged.statusCode !== undefined) expect(result).toMatchObject({ statusCode: arranged.statusCode });
  };

  beforeAll(() => fixture.start());
  afterAll(() => fixture.close());
  beforeEach(() => fixture.reset());
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((p) => p.close()));
  });

  it('success: delivered, with the vendor’s status and message id', async () => {
    const provider = open();
    expect(provider.status()).toEqual({ configured: true });
    const arranged = fixture.success();
    const result = await sendTo(provider, arranged);
    expect(result.kind).toBe('delivered');
    if (arranged.statusCode !== undefined) expect(result).toMatchObject({ statusCode: arranged.statusCode });
    if (result.kind === 'delivered' && arranged.messageId) expect(result.providerMessageId).toEqual(expect.any(String));
  });

  it('retryable failure: retryable, without a wait the vendor did not ask for', async () => {
    const arranged = fixture.retryable();
    const result = await sendTo(open(), arranged);
    expectFailure(result, 'retryable', arranged);
    expect(result).not.toHaveProperty('retryAfterMs');
  });

  caseIt('Retry-After: retryable no sooner than the vendor asked', fixture.retryAfter, async (arrange) => {
    const arranged = arrange(7);
    const result = await sendTo(open(), arranged);
    expectFailure(result, 'retryable', arranged);
    expect(result).toMatchObject({ retryAfterMs: 7000 });
  });

  it('permanent failure: permanent, the target kept', async () => {
    const arranged = fixture.permanent();
    expectFailure(await sendTo(open(), arranged), 'permanent', arranged);
  });

  caseIt('dead target: dead-target, so the engine stops using it', fixture.deadTarget, async (arrange) => {
    const arranged = arrange();
    expectFailure(await sendTo(open(), arranged), 'dead-target', arranged);
  });

  caseIt('unconfigured: says why, sends nothing, never throws', fixture.unconfigured, async (make) => {
    const provider = make();
    opened.push(provider);
    const status = provider.status();
    expect(status).toEqual({ configured: false, reason: expect.stringMatching(/\S/) });
    if (status.configured) return;
    const before = fixture.requests();
    expect(await provider.send(fixture.message, fixture.success().target)).toEqual({ kind: 'unconfigured', reason: status.reason });
    if (provider.check) expect(await provider.check()).toEqual({ ok: false, detail: status.reason });
    expect(fixture.requests()).toBe(before);
  });
  if ('notApplicable' in fixture.unconfigured) {
    it('has no settings of its own: always configured', () => {
      expect(open().status()).toEqual({ configured: true });
    });
  }

  it(`timeout: a vendor that never answers is retryable after the deadline (${TIMEOUT_MS} ms)`, async () => {
    const provider = open(TIMEOUT_MS);
    const arranged = fixture.hang();
    const started = Date.now();
    const result = await sendTo(provider, arranged);
    const elapsed = Date.now() - started;
    expect(result.kind).toBe('retryable');
    expect(result).toMatchObject({ error: expect.stringMatching(/timeout/i) });
    expect(elapsed).toBeGreaterThanOrEqual(TIMEOUT_MS - 20);
    expect(elapsed).toBeLessThan(TIMEOUT_MS + 5000);
  });
}
