/**
 * A push delivery's row stores its message without the ids its columns hold (issue 16): the
 * notification id once, the session id twice (data.conversationId, collapseId); its FCM attempt
 * stores FCM's answer without the message id kept beside it. The device, the console and the
 * attempt log still get every byte.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attemptsOf } from '../../src/engine/attempt-rows.js';
import { FcmFake } from '../fakes/fcm-fake.js';
import { backends } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';

for (const backend of backends()) {
  describe(`compact push rows on ${backend}`, () => {
    let h: TestHerald;
    const fcm = new FcmFake();
    beforeAll(async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-push-rows-'));
      const f = await fcm.start();
      h = await startHerald({ backend, env: { FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dir), FCM_ENDPOINT: f.url } });
    });
    afterAll(async () => {
      await h.close();
      await fcm.close();
    });

    it('stores each id once and shows and sends the message whole', async () => {
      const agent = (await h.api('POST', '/api/agents', { name: 'Bot' })).body;
      const token = (await h.api('POST', '/api/customers/c-push-bytes/token', {})).body.token;
      const reg = await h.api('POST', '/api/devices/register', { platform: 'mobile', token: 'fcm-bytes', locale: 'en' }, { authorization: `Bearer ${token}` });
      expect(reg.status).toBe(201);
      const s = (await h.api('POST', '/api/sessions', { agentId: agent.id, customerId: 'c-push-bytes' })).body;
      await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'It ships today.' });

      const [d] = await eventually(async () => {
        const r = await h.api('GET', `/api/deliveries?sessionId=${s.id}&channel=fcm&status=delivered`);
        return r.body.items.length === 1 && r.body.items;
      });
      const sent = fcm.received.find((m) => m.message.token === 'fcm-bytes')!;
      expect(sent.message).toMatchObject({ data: { type: 'chat', conversationId: s.id }, android: { collapse_key: s.id } });

      // The console shows the message and FCM's answer whole.
      const detail = (await h.api('GET', `/api/deliveries/${d.id}`)).body;
      expect(detail.payload).toMatchObject({
        notificationId: d.notificationId,
        data: { type: 'chat', conversationId: s.id },
        collapseId: s.id,
        urgency: 'high',
      });
      const [attempt] = detail.attemptLog;
      expect(attempt.providerMessageId).toMatch(/^projects\/.+\/messages\/.+/);
      expect(JSON.parse(attempt.response)).toEqual({ name: attempt.providerMessageId });

      // Read as the database holds them, across workspaces: no id twice.
      const db = h.herald.services.store.db.withoutPlugins();
      const row = await db.selectFrom('deliveries').select(['payload', 'notification_id', 'session_id']).where('id', '=', d.id).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ notification_id: d.notificationId, session_id: s.id });
      expect(row.payload).not.toContain(s.id);
      expect(row.payload).not.toContain(d.notificationId);
      expect(row.payload.length).toBeLessThan(JSON.stringify(detail.payload).length - 70);
      // Nor the member names Herald writes (store/packed-json.ts).
      expect(row.payload).not.toContain('"title":');
      const stored = (await attemptsOf(db, d.id))[0]!;
      expect(stored.provider_message_id).toBe(attempt.providerMessageId);
      expect(stored.response).not.toContain(attempt.providerMessageId);
    });
  });
}
