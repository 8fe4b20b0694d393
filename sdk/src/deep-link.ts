export type StartRoute = 'chat' | 'ticket';

export interface StartParam {
  route: StartRoute;
  targetId: string;
}

// Herald's Telegram buttons open `t.me/<bot>/app?startapp=<type>_<id>`; Telegram allows
// [A-Za-z0-9_-] up to 512 characters there, and ids may contain `_` themselves (ses_…).
const START_PARAM = /^(chat|ticket)_([A-Za-z0-9_-]{1,505})$/;

/** `chat_123456` → `{route: "chat", targetId: "123456"}`; anything else → null. */
export function parseStartParam(value: string | null | undefined): StartParam | null {
  if (typeof value !== 'string') return null;
  const m = START_PARAM.exec(value.trim());
  if (!m) return null;
  return { route: m[1] as StartRoute, targetId: m[2]! };
}

interface TelegramWindow {
  Telegram?: { WebApp?: { initDataUnsafe?: { start_param?: unknown; user?: { id?: unknown } } } };
  location?: { search?: string; hash?: string };
}

/**
 * The Mini App's start parameter: `Telegram.WebApp.initDataUnsafe.start_param` when the Telegram
 * script is loaded, else the `tgWebAppStartParam` Telegram also puts in the URL (or a plain
 * `startapp` query parameter, so the same link works when the app runs outside Telegram).
 */
export function readTelegramStartParam(win: unknown = globalThis): string | null {
  const w = win as TelegramWindow | undefined;
  const fromSdk = w?.Telegram?.WebApp?.initDataUnsafe?.start_param;
  if (typeof fromSdk === 'string' && fromSdk) return fromSdk;
  for (const part of [w?.location?.search, w?.location?.hash?.replace(/^#/, '?')]) {
    if (!part) continue;
    const q = new URLSearchParams(part);
    const v = q.get('tgWebAppStartParam') ?? q.get('startapp');
    if (v) return v;
  }
  return null;
}

/** Where a Mini App opened from a Herald notification should go, or null. */
export function readTelegramDeepLink(win: unknown = globalThis): StartParam | null {
  return parseStartParam(readTelegramStartParam(win));
}

/**
 * The Telegram user's id, which is also their private chat id with the bot: what to pass as
 * `telegramChatId`. Note initDataUnsafe is unverified; your backend checks initData before
 * minting the session token.
 */
export function readTelegramChatId(win: unknown = globalThis): string | null {
  const id = (win as TelegramWindow | undefined)?.Telegram?.WebApp?.initDataUnsafe?.user?.id;
  return typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? String(id) : null;
}
