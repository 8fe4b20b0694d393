/**
 * SMTP failover (SMTP_FALLBACK_URL, CONTRACT §13): an email the primary relay cannot take now —
 * a retryable failure (4xx, connection refused, timeout) — goes through the fallback relay in the
 * same attempt, and while the primary's own circuit is open (it failed repeatedly) emails go
 * straight to the fallback, the primary being tried again once per probe interval. A permanent
 * refusal (5xx: no such mailbox) is the message's fault, not the relay's: no failover then.
 *
 * The answer says which server took the message, so the attempt in the deliveries console does.
 * The primary's circuit is per process and uses the engine's pure circuit transitions; the email
 * destination's own circuit (the engine's) opens only when both relays fail.
 */
import { HEALTHY, type CircuitPolicy, type Health, admission, failed, probing, succeeded } from '../engine/circuit.js';
import type { DeliveryResult, EmailMessage, Provider } from './provider.js';

export interface FailoverServer {
  provider: Provider<EmailMessage, void>;
  /** `host:port`, as the console shows it (never the credentials). */
  label: string;
}

export function createSmtpFailover(
  primary: FailoverServer,
  fallback: FailoverServer,
  policy: CircuitPolicy,
  now: () => number = Date.now,
): Provider<EmailMessage, void> {
  let health: Health = HEALTHY;

  const via = (which: 'primary' | 'fallback', server: FailoverServer, r: DeliveryResult, note?: string): DeliveryResult => {
    if (r.kind === 'unconfigured') return r;
    const said = r.response ?? (r.kind === 'delivered' ? '' : r.error);
    return { ...r, response: `[${which} SMTP ${server.label}${note ? `; ${note}` : ''}] ${said}`.trim().slice(0, 1024) };
  };

  return {
    name: 'smtp',
    status: () => primary.provider.status(),

    async send(message) {
      const adm = admission(health, now());
      let note: string;
      if (adm === 'go' || adm === 'probe') {
        // One probe at a time: while it runs the circuit is half open and others use the fallback.
        if (adm === 'probe') health = probing(health);
        const r = await primary.provider.send(message);
        if (r.kind !== 'retryable') {
          health = succeeded(health, now());
          return via('primary', primary, r);
        }
        health = failed(health, now(), policy, r.retryAfterMs);
        note = `the primary ${primary.label} failed: ${r.error}`;
      } else {
        note = `the primary ${primary.label} is failing; its circuit is open`;
      }
      const f = await fallback.provider.send(message);
      return via('fallback', fallback, f, note);
    },

    async check() {
      const [p, f] = await Promise.all(
        [primary, fallback].map((s) =>
          (s.provider.check ? s.provider.check() : Promise.resolve({ ok: true, detail: 'configured' })).catch((err: Error) => ({
            ok: false,
            detail: err.message,
          })),
        ),
      );
      return { ok: p!.ok && f!.ok, detail: `primary: ${p!.detail}; fallback: ${f!.detail}` };
    },

    async close() {
      await Promise.all([primary.provider.close(), fallback.provider.close()]);
    },
  };
}

/** `host:port` of an SMTP URL, for the console (never the credentials). */
export function smtpLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol === 'smtps:' ? 465 : 587)}`;
  } catch {
    return 'invalid URL';
  }
}
