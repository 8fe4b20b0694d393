import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoopbackFake } from './loopback-fake.js';

export interface TelegramFakeOptions {
  /** The bot token the fake accepts in /bot<token>/…; others get 401 Unauthorized. */
  token: string;
  username?: string;
}

/** One sendMessage call the fake accepted for processing. */
export interface TelegramReceived {
  chatId: string;
  text: string;
  /** `text` as the user sees it: HTML tags removed, entities decoded. */
  visibleText: string;
  parseMode: string | undefined;
  replyMarkup: { inline_keyboard?: { text: string; url?: string }[][] } | undefined;
  status: number;
  at: number;
}

/** A scripted Bot API answer: error code (+ retry_after for 429), or 'hang'. */
export type TelegramScript = { status: number; description?: string; retryAfter?: number } | 'hang';

const ALLOWED_TAGS = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'a', 'code', 'pre', 'tg-spoiler', 'span', 'blockquote']);

/**
 * A local Bot API: /bot<token>/sendMessage and /getMe with Telegram's answers, including the
 * HTML parse check (unescaped `<` or `&` fails like the real thing), blocked users (403) and
 * flood control (429 with parameters.retry_after).
 */
export class TelegramFake extends LoopbackFake<TelegramScript, TelegramReceived> {
  /** Chat ids whose user blocked the bot: 403. */
  readonly blocked = new Set<string>();
  private nextMessageId = 1;

  constructor(private readonly options: TelegramFakeOptions) {
    super();
  }

  protected async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = (status: number, body: Record<string, unknown>): void => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    const fail = (status: number, description: string, parameters?: Record<string, unknown>): void =>
      reply(status, { ok: false, error_code: status, description, ...(parameters ? { parameters } : {}) });

    const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url?.split('?')[0] ?? '');
    if (!m) return fail(404, 'Not Found');
    if (m[1] !== this.options.token) return fail(401, 'Unauthorized');
    const method = m[2];
    if (method === 'getMe') {
      return reply(200, { ok: true, result: { id: 1, is_bot: true, first_name: 'Herald', username: this.options.username ?? 'herald_bot' } });
    }
    if (method !== 'sendMessage') return fail(404, 'Not Found: method not found');

    let body: Record<string, unknown>;
    try {
      const raw = Buffer.concat(chunks).toString('utf8');
      body = /json/.test(req.headers['content-type'] ?? '') ? (JSON.parse(raw) as Record<string, unknown>) : Object.fromEntries(new URLSearchParams(raw));
    } catch {
      return fail(400, 'Bad Request: invalid JSON');
    }
    const chatId = typeof body.chat_id === 'string' || typeof body.chat_id === 'number' ? String(body.chat_id) : '';
    const text = typeof body.text === 'string' ? body.text : '';
    if (!chatId) return fail(400, 'Bad Request: chat_id is empty');
    if (!text.trim()) return fail(400, 'Bad Request: message text is empty');
    const parseMode = typeof body.parse_mode === 'string' ? body.parse_mode : undefined;
    let visibleText = text;
    if (parseMode === 'HTML') {
      const parsed = parseHtml(text);
      if (parsed.error) return fail(400, `Bad Request: can't parse entities: ${parsed.error}`);
      visibleText = parsed.text;
    }
    if (visibleText.length > 4096) return fail(400, 'Bad Request: message is too long');

    const scripted = this.scripted.shift();
    const status = scripted === 'hang' ? 0 : (scripted?.status ?? (this.blocked.has(chatId) ? 403 : 200));
    const replyMarkup = body.reply_markup as TelegramReceived['replyMarkup'];
    this.received.push({ chatId, text, visibleText, parseMode, replyMarkup, status, at: Date.now() });

    if (scripted === 'hang') {
      this.hanging.add(res);
      return;
    }
    if (scripted) {
      const retry = scripted.status === 429 ? { retry_after: scripted.retryAfter ?? 1 } : undefined;
      return fail(scripted.status, scripted.description ?? (retry ? `Too Many Requests: retry after ${retry.retry_after}` : 'Error'), retry);
    }
    if (status === 403) return fail(403, 'Forbidden: bot was blocked by the user');
    reply(200, {
      ok: true,
      result: {
        message_id: this.nextMessageId++,
        from: { id: 1, is_bot: true, first_name: 'Herald', username: this.options.username ?? 'herald_bot' },
        chat: { id: Number(chatId) || chatId, type: 'private' },
        date: Math.floor(Date.now() / 1000),
        text: visibleText,
      },
    });
  }
}

/** Telegram's HTML subset: known tags only, and `&` only as an entity. */
function parseHtml(text: string): { text: string; error?: string } {
  let out = '';
  for (let i = 0; i < text.length;) {
    const ch = text[i]!;
    if (ch === '<') {
      const tag = /^<\/?([a-z-]+)(\s[^<>]*)?>/i.exec(text.slice(i));
      if (!tag || !ALLOWED_TAGS.has(tag[1]!.toLowerCase())) return { text: out, error: `Unsupported start tag at byte offset ${i}` };
      i += tag[0].length;
    } else if (ch === '&') {
      const ent = /^&(amp|lt|gt|quot|#\d+);/.exec(text.slice(i));
      if (!ent) return { text: out, error: `Can't find end of the entity starting at byte offset ${i}` };
      const map: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"' };
      out += map[ent[1]!] ?? String.fromCodePoint(Number(ent[1]!.slice(1)));
      i += ent[0].length;
    } else {
      out += ch;
      i++;
    }
  }
  return { text: out };
}
