import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionTokens } from '../../src/security/action-tokens.js';
import { FcmFake } from '../fakes/fcm-fake.js';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { settled } from '../helpers/settled.js';
import { type Sink, startSink } from '../helpers/sink.js';

for (const backend of backends()) {
  describe(`actionable notifications on ${backend}`, () => {
    let h: TestHerald;
    let sink: Sink;
    const fcm = new FcmFake();
    let sessionId: string;
    beforeAll(async () => {
      const f = await fcm.start();
      sink = await startSink();
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-act-'));
      h = await startHerald({ backend, env: { FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dir), FCM_ENDPOINT: f.url } });
      const agent = (await h.api('POST', '/api/agents', { name: 'Approver' })).body;
      await h.api('PUT', `/api/agents/${agent.id}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.user'] });
      sessionId = (await h.api('POST', '/api/sessions', { agentId: agent.id, channel: 'mobile', customerId: 'cust-act' })).body.id;
      const token = (await h.api('POST', '/api/customers/cust-act/token', {})).body.token;
      await h.api('POST', '/api/devices/register', { platform: 'mobile', token: 'fcm-act' }, { authorization: `Bearer ${token}` });
    });
    afterAll(async () => {
      await h.close();
      await sink.close();
      await fcm.close();
    });

    async function actionable() {
      const before = fcm.received.length;
      const res = await h.api('POST', '/api/notifications', {
        customerId: 'cust-act',
        category: 'system',
        title: 'Refund request',
        body: 'Approve the refund of $20?',
        data: { conversationId: sessionId },
        actions: [
          { id: 'approve', title: 'Approve' },
          { id: 'reject', title: 'Reject', destructive: true },
          { id: 'reply', title: 'Reply', input: true },
        ],
      });
      expect(res.status).toBe(202);
      await eventually(() => fcm.received.length > before);
      const data = fcm.received.at(-1)!.message.data!;
      expect(JSON.parse(data.actions!).map((a: any) => a.id)).toEqual(['approve', 'reject', 'reply']);
      expect(data.actionToken).toMatch(/^ey/);
      return { id: res.body.id as string, token: data.actionToken! };
    }

    const act = (id: string, action: string, body: unknown) => h.api('POST', `/api/notifications/${id}/actions/${action}`, body, { authorization: '' });

    it('records an approve posted twice only once and forwards it once to the agent', async () => {
      const { id, token } = await actionable();
      expect((await act(id, 'approve', { token })).body).toEqual({ recorded: true, duplicate: false });
      expect((await act(id, 'approve', { token })).body).toEqual({ recorded: true, duplicate: true });
      expect((await act(id, 'reject', { token })).body).toEqual({ recorded: true, duplicate: true });
      await settled(h);
      const forwarded = sink.requests.map((r) => JSON.parse(r.body)).filter((b) => b.event === 'notification.action' && b.notificationId === id);
      expect(forwarded).toHaveLength(1);
      expect(forwarded[0]).toMatchObject({ actionId: 'approve', sessionId, customerId: 'cust-act' });
    });

    it('turns a reply into a session message and an event at the agent endpoint', async () => {
      const { id, token } = await actionable();
      expect((await act(id, 'reply', { token })).status).toBe(400);
      expect((await act(id, 'reply', { token, text: 'Yes, go ahead' })).body.duplicate).toBe(false);
      const msgs = (await h.api('GET', `/api/sessions/${sessionId}/messages`)).body.items;
      expect(msgs.at(-1)).toMatchObject({ role: 'user', text: 'Yes, go ahead', author: { type: 'customer', id: 'cust-act' } });
      await eventually(() => sink.requests.some((r) => JSON.parse(r.body).event === 'message.user' && JSON.parse(r.body).text === 'Yes, go ahead'));
      const action = await eventually(() => sink.requests.map((r) => JSON.parse(r.body)).find((b) => b.notificationId === id));
      expect(action).toMatchObject({ event: 'notification.action', actionId: 'reply', text: 'Yes, go ahead' });
    });

    it('answers 401 to an expired token or one made for another notification', async () => {
      const { id } = await actionable();
      const other = await actionable();
      const key = Buffer.from(fs.readFileSync(path.join(h.dataDir, 'secret.key'), 'utf8').trim(), 'base64');
      const expired = await new ActionTokens(key).sign(id, { type: 'customer', id: 'cust-act' }, -60);
      const res = await act(id, 'approve', { token: expired });
      expect(res.status).toBe(401);
      expect(res.body.error.code).toBe('HERALD_TOKEN_EXPIRED');
      expect((await act(id, 'approve', { token: other.token })).status).toBe(401);
      expect((await act(id, 'unknown', { token: (await actionable()).token })).status).toBe(401);
    });
  });
}
