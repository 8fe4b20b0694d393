import type { DeliveryResult } from './provider.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpFake } from '../../test/fakes/smtp-fake.js';
import type { EmailMessage } from './provider.js';
import { createSmtpProvider } from './smtp.js';
import { createSmtpFailover, smtpLabel } from './smtp-failover.js';

/** What the console shows of an attempt: the answer (every outcome but `unconfigured` has one). */
const resp = (r: DeliveryResult): string | undefined => (r.kind === 'unconfigured' ? undefined : r.response);

const FROM = 'Support <support@example.com>';
const mail = (to: string): EmailMessage => ({ to, subject: 'Hi', text: 'Hello', html: '<p>Hello</p>' });

// Which relay takes a message, against two real SMTP servers on loopback.
describe('smtp failover', () => {
  const primary = new SmtpFake();
  const fallback = new SmtpFake();
  let clock = 1_000_000;
  const make = () =>
    createSmtpFailover(
      { provider: createSmtpProvider({ url: primary.url(), from: FROM }), label: smtpLabel(primary.url()) },
      { provider: createSmtpProvider({ url: fallback.url(), from: FROM }), label: smtpLabel(fallback.url()) },
      { failureThreshold: 2, probeIntervalMs: 30_000 },
      () => clock,
    );
  beforeAll(async () => {
    await primary.start();
    await fallback.start();
  });
  afterAll(async () => {
    await primary.close();
    await fallback.close();
  });

  it('a healthy primary takes the message and says so', async () => {
    const p = make();
    const r = await p.send(mail('a@example.com'));
    await p.close();
    expect(r).toMatchObject({ kind: 'delivered' });
    expect(resp(r)).toMatch(new RegExp(`^\\[primary SMTP 127\\.0\\.0\\.1:${primary.port}\\] 250`));
    expect(primary.messages.map((m) => m.envelope.to).flat()).toContain('a@example.com');
  });

  it('a 4xx from the primary goes through the fallback; a 5xx does not (the address is refused)', async () => {
    const p = make();
    primary.reject(451, 'Greylisted, try later', { recipient: 'grey@example.com' });
    const r = await p.send(mail('grey@example.com'));
    expect(r).toMatchObject({ kind: 'delivered' });
    expect(resp(r)).toMatch(/^\[fallback SMTP [^;]+; the primary 127\.0\.0\.1:\d+ failed: .*451/);
    expect(fallback.messages.map((m) => m.envelope.to).flat()).toContain('grey@example.com');

    primary.reject(550, 'No such user', { recipient: 'gone@example.com' });
    const gone = await p.send(mail('gone@example.com'));
    await p.close();
    expect(gone).toMatchObject({ kind: 'permanent', statusCode: 550 });
    expect(fallback.messages.map((m) => m.envelope.to).flat()).not.toContain('gone@example.com');
  });

  it('opens the primary circuit after repeated failures, probes it later, closes on success', async () => {
    const p = make();
    primary.reject(421, 'Busy', { times: 2 });
    await p.send(mail('x1@example.com'));
    await p.send(mail('x2@example.com'));
    const skipped = await p.send(mail('x3@example.com'));
    expect(resp(skipped)).toMatch(/its circuit is open/);
    expect(primary.messages.map((m) => m.envelope.to).flat()).not.toContain('x3@example.com');
    clock += 30_000;
    const probe = await p.send(mail('x4@example.com'));
    expect(resp(probe)).toMatch(/^\[primary SMTP/);
    const after = await p.send(mail('x5@example.com'));
    await p.close();
    expect(resp(after)).toMatch(/^\[primary SMTP/);
  });
});
