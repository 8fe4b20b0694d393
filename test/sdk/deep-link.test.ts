import { describe, expect, it } from 'vitest';
import { parseStartParam, readTelegramChatId, readTelegramDeepLink, readTelegramStartParam } from '../../sdk/src/index.js';

describe('deep links', () => {
  it('parses the start parameters Herald puts in its Telegram buttons', () => {
    expect(parseStartParam('chat_123456')).toEqual({ route: 'chat', targetId: '123456' });
    expect(parseStartParam('ticket_98765')).toEqual({ route: 'ticket', targetId: '98765' });
    // Herald ids carry their own underscore: everything after the first one is the id.
    expect(parseStartParam('chat_ses_01jf8xq2ab')).toEqual({ route: 'chat', targetId: 'ses_01jf8xq2ab' });
  });

  it('returns null for anything else', () => {
    for (const v of ['', 'chat', 'chat_', 'promo_123', 'CHAT_1', 'chat_12 34', 'chat_1/../2', `chat_${'x'.repeat(600)}`, null, undefined]) {
      expect(parseStartParam(v)).toBeNull();
    }
  });

  it('reads the Mini App start_param, falling back to the URL', () => {
    const tg = { Telegram: { WebApp: { initDataUnsafe: { start_param: 'ticket_42', user: { id: 777000 } } } } };
    expect(readTelegramStartParam(tg)).toBe('ticket_42');
    expect(readTelegramDeepLink(tg)).toEqual({ route: 'ticket', targetId: '42' });
    expect(readTelegramChatId(tg)).toBe('777000');

    expect(readTelegramStartParam({ location: { search: '?tgWebAppStartParam=chat_9' } })).toBe('chat_9');
    expect(readTelegramStartParam({ location: { search: '', hash: '#tgWebAppData=x&tgWebAppStartParam=chat_8' } })).toBe('chat_8');
    expect(readTelegramStartParam({ location: { search: '?startapp=chat_7' } })).toBe('chat_7');
    expect(readTelegramStartParam({})).toBeNull();
    expect(readTelegramChatId({})).toBeNull();
    // Outside a browser (here: Node) there is no Telegram object and no location.
    expect(readTelegramDeepLink()).toBeNull();
  });
});
