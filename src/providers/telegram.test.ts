import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TelegramFake } from '../../test/fakes/telegram-fake.js';
import type { DeviceTarget, PushMessage } from './provider.js';
import { providerContract } from './provider.contract.js';
import { createTelegramProvider, type TelegramProviderOptions } from './telegram.js';

const TOKEN = '123456:ABC-secret-token';
const fake = new TelegramFake({ token: TOKEN, username: 'herald_bot' });
const message: PushMessage = {
  notificationId: 'ntf_1',
  title: 'Support',
  body: 'New message from operator',
  data: { type: 'chat', conversationId: 'c42' },
};

function telegram(extra: Partial<TelegramProviderOptions> = {}) {
  return createTelegramProvider({ botToken: TOKEN, botUsername: 'herald_bot', apiBase: fake.url, timeoutMs: 2000, ...extra });
}

const chat = { deviceId: 'd', token: '100200300' };

describe('Telegram provider contract', () => {
  providerContract<PushMessage, DeviceTarget>({
    start: async () => void (await fake.start()),
    close: () => fake.close(),
    reset: () => fake.reset(),
    provider: (timeoutMs) => telegram({ timeoutMs }),
    unconfigured: () => createTelegramProvider({ botToken: undefined, botUsername: 'x', apiBase: fake.url }),
    message,
    requests: () => fake.requests,
    success: () => ({ target: chat, statusCode: 200, messageId: true }),
    retryable: () => {
      fake.script({ status: 502 });
      return { target: chat, statusCode: 502 };
    },
    // Flood control: 429 with parameters.retry_after in the body.
    retryAfter: (s) => {
      fake.script({ status: 429, retryAfter: s });
      return { target: chat, statusCode: 429 };
    },
    permanent: () => {
      fake.script({ status: 400, description: 'Bad Request: message is too long' });
      return { target: chat, statusCode: 400 };
    },
    // The user blocked the bot.
    deadTarget: () => {
      fake.blocked.add('666');
      return { target: { deviceId: 'd', token: '666' }, statusCode: 403 };
    },
    hang: () => {
      fake.script('hang');
      return { target: chat };
    },
  });
});

describe('Telegram provider', () => {
  beforeAll(async () => {
    await fake.start();
  });
  afterAll(async () => {
    await fake.close();
  });
  beforeEach(() => fake.reset());

  it('sends a bold title, the body and an "Open chat" button into the Mini App', async () => {
    const tg = telegram();
    const r = await tg.send(message, { deviceId: 'd', token: '100200300' });
    expect(r).toMatchObject({ kind: 'delivered', statusCode: 200, providerMessageId: expect.stringMatching(/^\d+$/) });
    expect(fake.received).toHaveLength(1);
    expect(fake.received[0]).toMatchObject({
      chatId: '100200300',
      text: '<b>Support</b>\nNew message from operator',
      visibleText: 'Support\nNew message from operator',
      parseMode: 'HTML',
      replyMarkup: { inline_keyboard: [[{ text: 'Open chat', url: 'https://t.me/herald_bot/app?startapp=chat_c42' }]] },
    });
    await tg.send({ ...message, data: { type: 'ticket', ticketId: '98765' } }, { deviceId: 'd', token: '100200301' });
    expect(fake.received[1]!.replyMarkup!.inline_keyboard![0]![0]!.url).toBe('https://t.me/herald_bot/app?startapp=ticket_98765');
    await tg.close();
  });

  it('escapes HTML so Telegram shows exactly the text we meant', async () => {
    const tg = telegram();
    const title = 'Tom & "Jerry" <support>';
    const body = 'if a<b && c>d then </b> stays text';
    expect((await tg.send({ ...message, title, body }, { deviceId: 'd', token: '1' })).kind).toBe('delivered');
    expect(fake.received[0]!.visibleText).toBe(`${title}\n${body}`);
    await tg.close();
  });

  it('has no button without a bot username', async () => {
    const tg = telegram({ botUsername: undefined });
    await tg.send(message, { deviceId: 'd', token: '1' });
    expect(fake.received[0]!.replyMarkup).toBeUndefined();
    await tg.close();
  });

  it('a chat that was never valid is a dead target too ("chat not found")', async () => {
    const tg = telegram();
    fake.script({ status: 400, description: 'Bad Request: chat not found' });
    expect(await tg.send(message, { deviceId: 'd', token: '4' })).toMatchObject({ kind: 'dead-target', statusCode: 400 });
    await tg.close();
  });

  it('never returns the bot token, even when it is rejected or the network fails', async () => {
    const wrong = createTelegramProvider({ botToken: '999:wrong-secret', botUsername: 'x', apiBase: fake.url });
    const r = await wrong.send(message, { deviceId: 'd', token: '1' });
    expect(r).toMatchObject({ kind: 'permanent', statusCode: 401 });
    expect(JSON.stringify(r)).not.toContain('wrong-secret');
    expect(await wrong.check!()).toMatchObject({ ok: false });
    await wrong.close();

    const down = createTelegramProvider({ botToken: TOKEN, botUsername: 'x', apiBase: 'http://127.0.0.1:1' });
    const d = await down.send(message, { deviceId: 'd', token: '1' });
    expect(d.kind).toBe('retryable');
    expect(JSON.stringify(d)).not.toContain('secret-token');
    await down.close();

    const ok = telegram();
    expect(await ok.check!()).toEqual({ ok: true, detail: 'bot @herald_bot' });
    await ok.close();
  });

  it('paces ~30/s overall and 1/s per chat without one busy chat holding up others', async () => {
    const t0 = 1_000_000;
    const sleeps: number[] = [];
    const tg = telegram({ now: () => t0, sleep: async (ms) => void sleeps.push(ms) });
    // Clock frozen at t0: each sleep shows how far in the future that send was scheduled.
    await Promise.all([1, 2, 3].map(() => tg.send(message, { deviceId: 'd', token: 'busy' })));
    expect(sleeps.sort((a, b) => a - b)).toEqual([1000, 2000]);

    sleeps.length = 0;
    await Promise.all(Array.from({ length: 40 }, (_, i) => tg.send(message, { deviceId: 'd', token: `chat${i}` })));
    // 40 other chats go out 33.3 ms apart (30/s), stepping around the busy chat's slots at
    // t0, t0+1 s, t0+2 s instead of queueing behind them.
    const delays = sleeps.sort((a, b) => a - b);
    expect(delays).toHaveLength(40);
    for (let i = 1; i < delays.length; i++) expect(delays[i]! - delays[i - 1]!).toBeGreaterThanOrEqual(33.3);
    expect(delays.at(-1)!).toBeLessThan(1500);
    expect(fake.received).toHaveLength(43);
    await tg.close();
  });

  it('returns a retryable result instead of holding a send for too long', async () => {
    const sleeps: number[] = [];
    const tg = telegram({ now: () => 5_000, sleep: async (ms) => void sleeps.push(ms), maxPaceDelayMs: 3000 });
    const results = await Promise.all(Array.from({ length: 6 }, () => tg.send(message, { deviceId: 'd', token: 'one' })));
    expect(results.filter((r) => r.kind === 'delivered')).toHaveLength(4); // at 0, 1, 2, 3 s
    expect(results.filter((r) => r.kind !== 'delivered')).toEqual([
      expect.objectContaining({ kind: 'retryable', retryAfterMs: 3000 }),
      expect.objectContaining({ kind: 'retryable', retryAfterMs: 3000 }),
    ]);
    await tg.close();
  });

  it('spaces messages to one chat by about a second in real time', async () => {
    const tg = telegram();
    const started = Date.now();
    await Promise.all([
      tg.send(message, { deviceId: 'd', token: 'same' }),
      tg.send(message, { deviceId: 'd', token: 'same' }),
      tg.send(message, { deviceId: 'd', token: 'other' }),
    ]);
    const same = fake.received.filter((r) => r.chatId === 'same');
    const other = fake.received.find((r) => r.chatId === 'other')!;
    expect(same[1]!.at - same[0]!.at).toBeGreaterThanOrEqual(900);
    expect(other.at).toBeLessThan(same[1]!.at);
    expect(Date.now() - started).toBeLessThan(10_000);
    await tg.close();
  });
});
