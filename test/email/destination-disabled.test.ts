/**
 * Auto-disable tells the people who own push configurations (CONTRACT §10): when a webhook
 * destination has failed long enough to be turned off, every admin and manager with an email gets
 * one, through the same delivery path as every other email; operators and viewers do not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../helpers/backends.js';
import { TEST_ADMIN, eventually } from '../helpers/herald.js';
import { startSink } from '../helpers/sink.js';
import { type EmailEnv, PUBLIC_URL, startEmailEnv } from './email-env.js';

for (const backend of backends()) {
  describe(`auto-disable emails on ${backend}`, () => {
    let env: EmailEnv;
    beforeAll(async () => {
      env = await startEmailEnv(backend, { HERALD_CIRCUIT_PROBE_S: '0.1', HERALD_WEBHOOK_DISABLE_AFTER_H: '0.0003' });
    });
    afterAll(() => env?.close());

    it('emails admins and managers once a failing webhook endpoint is turned off', async () => {
      const manager = await env.operator('Mona', { role: 'manager' });
      const viewer = await env.operator('Vic', { role: 'viewer' });
      const sink = await startSink();
      try {
        sink.always({ status: 500, body: 'broken' });
        const { h } = env;
        const agent = (await h.api('POST', '/api/agents', { name: 'Doomed bot' })).body;
        await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
        const session = (await h.api('POST', '/api/sessions', { agentId: agent.id, channel: 'web', customerId: 'cust-doomed' })).body;
        await h.api('POST', `/api/sessions/${session.id}/messages`, { text: 'anyone?', role: 'user' });
        const subject = `Webhooks to ${sink.url} were turned off`;
        const notices = () => env.smtp.messages.filter((m) => m.parsed.subject === subject);
        await eventually(() => notices().length === 2, 20_000);
        const to = notices()
          .flatMap((m) => m.envelope.to)
          .sort();
        expect(to).toEqual([TEST_ADMIN.email, manager.email].sort());
        expect(to).not.toContain(viewer.email);
        const text = notices()[0]!.parsed.text ?? '';
        expect(text).toContain(`Herald stopped sending webhooks to ${sink.url}`);
        expect(text).toContain(`${PUBLIC_URL}/agents/${agent.id}`);
        expect((await h.api('GET', `/api/agents/${agent.id}/push-config`)).body.enabled).toBe(false);
      } finally {
        await sink.close();
      }
    });
  });
}
