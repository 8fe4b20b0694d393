import type { Dispatcher } from 'undici';
import {
  CONFIGURED,
  connectionPool,
  exchange,
  excerpt,
  httpFailure,
  parseJson,
  redactResult,
  unconfiguredProvider,
  type DeliveryResult,
  type DeviceTarget,
  type HttpAnswer,
  type Provider,
  type PushMessage,
  type Retryable,
  type Permanent,
} from './provider.js';

export interface TelegramProviderOptions {
  /** TELEGRAM_BOT_TOKEN */
  botToken: string | undefined;
  /** TELEGRAM_BOT_USERNAME (without @); no username → no "Open chat" button. */
  botUsername: string | undefined;
  /** TELEGRAM_API_BASE (https://api.telegram.org). */
  apiBase?: string;
  dispatcher?: Dispatcher;
  timeoutMs?: number;
  /** Bot-wide pace; Telegram's broadcast limit is about 30 messages per second. */
  messagesPerSecond?: number;
  /** Minimum gap between two messages to one chat (Telegram: about one per second). */
  perChatIntervalMs?: number;
  /** A send whose turn is further away than this is not held: it is returned retryable instead. */
  maxPaceDelayMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

interface BotApiAnswer {
  ok?: boolean;
  result?: { message_id?: number; username?: string };
  description?: string;
  parameters?: { retry_after?: number };
}

const MAX_TEXT = 4096;

/**
 * Telegram Bot API `sendMessage` to a Mini App user's chat: bold title, body, and an "Open chat"
 * button deep-linking into the Mini App. Sends are paced in-process so a burst stays under
 * Telegram's flood limits instead of collecting 429s (the pace is per process, not cluster-wide).
 */
export function createTelegramProvider(options: TelegramProviderOptions): Provider<PushMessage, DeviceTarget> {
  const botToken = options.botToken?.trim();
  if (!botToken) return unconfiguredProvider('telegram', 'TELEGRAM_BOT_TOKEN is not set');
  const apiBase = (options.apiBase ?? 'https://api.telegram.org').replace(/\/+$/, '');
  const timeoutMs = options.timeoutMs ?? 10_000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const username = options.botUsername?.replace(/^@/, '') || undefined;
  const pacer = new Pacer(1000 / (options.messagesPerSecond ?? 30), options.perChatIntervalMs ?? 1000);
  const maxPaceDelayMs = options.maxPaceDelayMs ?? 10_000;
  const pool = connectionPool(options.dispatcher);
  // The token sits in the URL path; keep it out of anything we return.
  const redact = (text: string): string => text.split(botToken).join('<token>');

  async function call(method: string, payload?: unknown): Promise<(HttpAnswer & { json: BotApiAnswer }) | { failure: Retryable | Permanent }> {
    const res = await exchange(`${apiBase}/bot${botToken}/${method}`, {
      method: payload === undefined ? 'GET' : 'POST',
      headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      body: payload === undefined ? undefined : JSON.stringify(payload),
      dispatcher: pool.dispatcher,
      timeoutMs,
    });
    if ('failure' in res) return { failure: redactResult(res.failure, [botToken]) };
    // A proxy's HTML error page is not JSON: the status code still tells what to do.
    return { ...res, text: redact(res.text), json: parseJson<BotApiAnswer>(res.text) ?? {} };
  }

  async function send(message: PushMessage, target: DeviceTarget): Promise<DeliveryResult> {
    const chatId = target.token;
    const slot = pacer.reserve(chatId, now(), maxPaceDelayMs);
    if (slot === undefined) {
      return { kind: 'retryable', retryAfterMs: maxPaceDelayMs, error: 'paced: too many messages queued for this chat' };
    }
    const wait = slot - now();
    if (wait > 0) await sleep(wait);

    const payload: Record<string, unknown> = { chat_id: chatId, text: formatText(message.title, message.body), parse_mode: 'HTML' };
    const url = openChatUrl(username, message);
    if (url) payload.reply_markup = { inline_keyboard: [[{ text: 'Open chat', url }]] };
    const res = await call('sendMessage', payload);
    if ('failure' in res) return res.failure;

    const { statusCode: code, json } = res;
    const response = excerpt(res.text);
    if (code === 200 && json.ok) {
      return { kind: 'delivered', statusCode: code, response, providerMessageId: json.result?.message_id?.toString() };
    }
    const error = `Telegram ${code}: ${json.description ?? 'error'}`;
    // 403: the user blocked the bot or deleted their account; 400 "chat not found": never valid.
    if (code === 403 || (code === 400 && /chat not found/i.test(json.description ?? ''))) {
      return { kind: 'dead-target', statusCode: code, response, error };
    }
    // Flood control names its wait in the body (parameters.retry_after, seconds) more often than in a header.
    const retryAfter = json.parameters?.retry_after !== undefined ? String(json.parameters.retry_after) : res.headers['retry-after'];
    return httpFailure(code, error, response, retryAfter, now());
  }

  return {
    name: 'telegram',
    status: () => CONFIGURED,
    send,
    async check() {
      const res = await call('getMe');
      if ('failure' in res) return { ok: false, detail: res.failure.error };
      if (!res.json.ok) return { ok: false, detail: `getMe answered ${res.statusCode}: ${res.json.description ?? ''}`.trim() };
      return { ok: true, detail: `bot @${res.json.result?.username ?? '?'}` };
    },
    close: pool.close,
  };
}

/** `<b>title</b>\nbody`, HTML-escaped, within Telegram's 4096-character limit. */
function formatText(title: string, body: string): string {
  const room = MAX_TEXT - Array.from(title).length - 1;
  const chars = Array.from(body);
  const fitted = chars.length > room ? `${chars.slice(0, Math.max(0, room - 1)).join('')}…` : body;
  return `<b>${escapeHtml(title)}</b>\n${escapeHtml(fitted)}`;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** CONTRACT §6: https://t.me/<bot>/app?startapp=<type>_<id>; the Mini App routes on that start param. */
function openChatUrl(username: string | undefined, message: PushMessage): string | undefined {
  if (!username) return undefined;
  const type = message.data.type;
  const id = type === 'chat' ? message.data.conversationId : type === 'ticket' ? message.data.ticketId : undefined;
  const base = `https://t.me/${encodeURIComponent(username)}/app`;
  if (type && id) return `${base}?startapp=${encodeURIComponent(`${type}_${id}`)}`;
  return message.url ?? base;
}

/**
 * Reserves send times so that any two sends are ≥ `gapMs` apart and two sends to one chat are
 * ≥ `perChatMs` apart. A chat waiting for its turn does not hold up other chats.
 */
class Pacer {
  private slots: number[] = [];
  private readonly lastByChat = new Map<string, number>();

  constructor(
    private readonly gapMs: number,
    private readonly perChatMs: number,
  ) {}

  reserve(chat: string, now: number, maxDelayMs: number): number | undefined {
    this.slots = this.slots.filter((s) => s > now - this.gapMs);
    if (this.lastByChat.size > 10_000) {
      for (const [c, t] of this.lastByChat) if (t <= now - this.perChatMs) this.lastByChat.delete(c);
    }
    let t = Math.max(now, (this.lastByChat.get(chat) ?? -Infinity) + this.perChatMs);
    let i = 0;
    for (; i < this.slots.length; i++) {
      const s = this.slots[i]!;
      if (s <= t - this.gapMs) continue;
      if (s >= t + this.gapMs) break;
      t = s + this.gapMs;
    }
    if (t - now > maxDelayMs) return undefined;
    this.slots.splice(i, 0, t);
    this.lastByChat.set(chat, t);
    return t;
  }
}
