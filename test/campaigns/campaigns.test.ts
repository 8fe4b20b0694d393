import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FcmFake } from '../fakes/fcm-fake.js';
import { TelegramFake } from '../fakes/telegram-fake.js';
import { backends, freshPostgres } from '../helpers/backends.js';
import { type TestHerald, eventually, startHerald } from '../helpers/herald.js';
import { startSink } from '../helpers/sink.js';

const N = 200;
const BOT = '777:campaign-bot';

for (const backend of backends()) {
  describe(`campaigns on ${backend}`, () => {
    const cleanup: Array<() => Promise<unknown>> = [];
    afterAll(async () => {
      for (const c of cleanup.reverse()) await c();
    });

    it(`runs a three-stage campaign over ${N} customers to completion across a restart`, { timeout: 90_000 }, async () => {
      const fcm = new FcmFake();
      const telegram = new TelegramFake({ token: BOT, username: 'camp_bot' });
      const sink = await startSink();
      const f = await fcm.start();
      const t = await telegram.start();
      cleanup.push(
        () => fcm.close(),
        () => telegram.close(),
        () => sink.close(),
      );
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-camp-'));
      let databaseUrl: string | undefined;
      if (backend === 'postgres') {
        const pg = await freshPostgres();
        databaseUrl = pg.url;
        cleanup.push(pg.drop);
      }
      const env = {
        FCM_SERVICE_ACCOUNT: await fcm.writeServiceAccount(dataDir),
        FCM_ENDPOINT: f.url,
        TELEGRAM_BOT_TOKEN: BOT,
        TELEGRAM_BOT_USERNAME: 'camp_bot',
        TELEGRAM_API_BASE: t.url,
      };
      let h: TestHerald = await startHerald({ dataDir, databaseUrl, env });

      const pushAgent = (await h.api('POST', '/api/agents', { name: 'Promo' })).body.id;
      const plainAgent = (await h.api('POST', '/api/agents', { name: 'No config' })).body.id;
      await h.api('PUT', `/api/agents/${pushAgent}/push-config`, { enabled: true, url: `${sink.url}/hook`, headers: [], events: ['message.assistant'] });

      const refused = await h.api('POST', '/api/campaigns', {
        name: 'bad',
        audience: { customerIds: ['x'] },
        stages: [{ channel: 'mobile_push', agentId: plainAgent, text: 'hi' }],
      });
      expect(refused.status).toBe(422);
      expect(refused.body.error.message).toMatch(/Mobile Push stage needs an agent with a push notification configuration/);

      const ids = Array.from({ length: N }, (_, i) => `camp-${String(i).padStart(3, '0')}`);
      for (const id of ids.slice(0, 20)) {
        const token = (await h.api('POST', `/api/customers/${id}/token`, {})).body.token;
        await h.api('POST', '/api/devices/register', { platform: 'mobile', token: `fcm-${id}` }, { authorization: `Bearer ${token}` });
        await h.api('POST', '/api/devices/register', { platform: 'tma', token: String(5000 + Number(id.slice(5))) }, { authorization: `Bearer ${token}` });
      }
      const created = await h.api('POST', '/api/campaigns', {
        name: 'Winter sale',
        audience: { customerIds: ids },
        ratePerSecond: 150,
        stages: [
          { channel: 'mobile_push', agentId: pushAgent, text: 'Winter sale starts now' },
          // Long enough that the pause below lands before any replier's stage 2 is due, even on a
          // machine so loaded that stage 1 and the pause take seconds (seen: 3 s was not).
          { channel: 'telegram', agentId: plainAgent, text: 'Only 2 days left', delaySeconds: 12 },
          { channel: 'mobile_push', agentId: pushAgent, text: 'Last call', delaySeconds: 1 },
        ],
      });
      expect(created.status).toBe(201);
      expect(created.body.status).toBe('draft');
      const id = created.body.id;
      expect((await h.api('PATCH', `/api/campaigns/${id}`, { name: 'Winter sale 2026' })).body.name).toBe('Winter sale 2026');
      const started = await h.api('POST', `/api/campaigns/${id}/start`);
      expect(started.body).toMatchObject({ status: 'running', participants: N });
      expect((await h.api('PATCH', `/api/campaigns/${id}`, { name: 'late' })).status).toBe(409);

      // Stage 1 reaches everyone; then the last ten participants reply.
      await eventually(async () => (await h.api('GET', `/api/campaigns/${id}`)).body.stages[0].sent === N, 20_000, 10);
      // Paused while the replies come in, so a slow machine cannot race stage 2 past them.
      expect((await h.api('POST', `/api/campaigns/${id}/pause`)).body.status).toBe('paused');
      // The ten most recent stage-1 sessions (mobile: stage 2 opens telegram ones, which a loaded
      // machine may already have started for the first participants) belong to the participants
      // reached last: their stage 2 is furthest away.
      const latest = (await h.api('GET', '/api/sessions?limit=10&channel=mobile')).body.items;
      const repliers: string[] = latest.map((s: any) => s.customerId);
      for (const s of latest) await h.api('POST', `/api/sessions/${s.id}/messages`, { text: 'Stop please', role: 'user' });

      // Restart in the middle.
      await h.close();
      h = await startHerald({ dataDir, databaseUrl, env });
      cleanup.push(() => h.close());
      expect((await h.api('GET', `/api/campaigns/${id}`)).body.status).toBe('paused');
      expect((await h.api('POST', `/api/campaigns/${id}/start`)).body.status).toBe('running');

      const done = await eventually(
        async () => {
          const c = (await h.api('GET', `/api/campaigns/${id}`)).body;
          return c.status === 'completed' && c;
        },
        40_000,
        100,
      );
      for (const s of done.stages) expect(s.sent + s.failed + s.skipped + s.pending).toBe(N);
      expect(done.stages.map((s: any) => [s.sent, s.skipped, s.failed, s.pending])).toEqual([
        [N, 0, 0, 0],
        [N - 10, 10, 0, 0],
        [N - 10, 10, 0, 0],
      ]);

      // Nobody lost, nobody repeated: one session per participant and sent stage.
      const sessions = new Map<string, number>();
      let cursor: string | null = null;
      do {
        const page: any = (await h.api('GET', `/api/sessions?limit=200${cursor ? `&cursor=${cursor}` : ''}`)).body;
        for (const s of page.items) sessions.set(s.customerId, (sessions.get(s.customerId) ?? 0) + 1);
        cursor = page.nextCursor;
      } while (cursor);
      expect(sessions.get(ids.find((c) => !repliers.includes(c))!)).toBe(3);
      expect(sessions.get(repliers[0]!)).toBe(1);
      expect([...sessions.values()].reduce((a, b) => a + b, 0)).toBe(3 * N - 20);

      // The stage messages travelled the normal paths: the agent's endpoint and the devices.
      await eventually(() => sink.requests.length >= 2 * N - 10, 20_000);
      const texts = sink.requests.map((r) => JSON.parse(r.body).text);
      expect(texts.filter((x) => x === 'Winter sale starts now')).toHaveLength(N);
      expect(texts.filter((x) => x === 'Last call')).toHaveLength(N - 10);
      await eventually(() => fcm.received.length >= 40 && telegram.received.length >= 20, 20_000);
      expect(telegram.received.map((r) => r.chatId).sort()).toEqual(
        ids
          .slice(0, 20)
          .map((c) => String(5000 + Number(c.slice(5))))
          .sort(),
      );
    });
  });
}
