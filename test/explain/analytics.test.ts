import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { eventually } from '../helpers/herald.js';
import { type EmailEnv, startEmailEnv } from '../email/email-env.js';

// GET /api/analytics/deliveries (CONTRACT §13): its totals equal the deliveries it summarizes.
for (const backend of backends()) {
  describe(`delivery analytics on ${backend}`, () => {
    let env: EmailEnv;
    beforeAll(async () => {
      env = await startEmailEnv(backend);
    });
    afterAll(() => env.close());

    const allDeliveries = async () => {
      const out: any[] = [];
      let cursor: string | undefined;
      do {
        const page = (await env.h.api('GET', `/api/deliveries?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body;
        out.push(...page.items);
        cursor = page.nextCursor ?? undefined;
      } while (cursor);
      return out;
    };

    it('counts by status, channel and destination equal the deliveries console', async () => {
      const started = Date.now();
      const agentId = (await env.h.api('POST', '/api/agents', { name: 'Bot' })).body.id;
      await env.operator('Away');
      const bounced = await env.operator('Bounced');
      const here = await env.operator('Here');
      const closeHere = await env.online(here.cookie);
      // Every mail to Bounced is refused for good (550): those deliveries fail.
      env.smtp.reject(550, 'No such user', { recipient: bounced.email, times: 100 });
      for (let i = 0; i < 3; i++) {
        const customerId = `cust-${i}-${Math.random().toString(36).slice(2, 8)}`;
        await env.h.api('PUT', `/api/customers/${customerId}`, { name: `C${i}`, email: `${customerId}@example.test` });
        const sid = (await env.h.api('POST', '/api/sessions', { agentId, channel: 'web', customerId })).body.id;
        await env.h.api('POST', `/api/sessions/${sid}/messages`, { text: `Help ${i}`, role: 'user' });
      }
      const rows = await eventually(async () => {
        const all = await allDeliveries();
        return all.length >= 9 && all.every((d) => ['delivered', 'failed', 'skipped'].includes(d.status)) && all;
      });
      closeHere();
      const count = (pred: (d: any) => boolean) => rows.filter(pred).length;
      expect(count((d) => d.status === 'delivered')).toBeGreaterThanOrEqual(3);
      expect(count((d) => d.status === 'failed')).toBe(3);

      const q = `from=${new Date(started - 60_000).toISOString()}&to=${new Date(Date.now() + 60_000).toISOString()}&bucket=minute`;
      const res = await env.h.api('GET', `/api/analytics/deliveries?${q}`);
      expect(res.status).toBe(200);
      const a = res.body;
      expect(a.total).toBe(rows.length);
      const sum = (k: string) => a.buckets.reduce((s: number, b: any) => s + b[k], 0);
      expect(sum('total')).toBe(rows.length);
      expect(sum('delivered')).toBe(count((d) => d.status === 'delivered'));
      expect(sum('failed')).toBe(3);
      expect(sum('skipped')).toBe(count((d) => d.status === 'skipped'));
      expect(a.buckets.find((b: any) => b.delivered > 0).p50Ms).toEqual(expect.any(Number));
      expect(a.byChannel.email).toEqual({
        delivered: count((d) => d.channel === 'email' && d.status === 'delivered'),
        failed: 3,
        skipped: count((d) => d.channel === 'email' && d.status === 'skipped'),
        total: count((d) => d.channel === 'email'),
        successRate: expect.closeTo(
          count((d) => d.channel === 'email' && d.status === 'delivered') / (count((d) => d.channel === 'email' && d.status === 'delivered') + 3),
          3,
        ),
      });
      expect(a.byDestination).toEqual([
        expect.objectContaining({ key: 'email', channel: 'email', delivered: a.byChannel.email.delivered, failed: 3, p95Ms: expect.any(Number) }),
      ]);

      // Filtered by a channel with no deliveries: zero everywhere, same buckets.
      const none = (await env.h.api('GET', `/api/analytics/deliveries?${q}&channel=fcm`)).body;
      expect(none.total).toBe(0);
      expect(none.buckets.length).toBe(a.buckets.length);
      const email = (await env.h.api('GET', `/api/analytics/deliveries?${q}&channel=email`)).body;
      expect(email.total).toBe(count((d) => d.channel === 'email'));
    });

    it('refuses a range of too many buckets with a sentence', async () => {
      const res = await env.h.api('GET', '/api/analytics/deliveries?from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z&bucket=minute');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/choose a larger bucket/);
      const bad = await env.h.api('GET', '/api/analytics/deliveries?from=yesterday');
      expect(bad.status).toBe(400);
    });
  });
}
