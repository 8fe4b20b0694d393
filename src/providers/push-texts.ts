/**
 * Default notification texts, localized by the recipient's locale (CONTRACT §6). Only en and ru
 * exist today; anything else falls back to en so a customer never gets an empty notification.
 */

export type PushLanguage = 'en' | 'ru';

/** What the notification is about: a new chat message, a ticket change, a resolved ticket (CSAT). */
export type PushTextKind = 'chat' | 'ticket_updated' | 'ticket_resolved';

export interface PushTextOptions {
  /** BCP-47 locale of the recipient ("ru-RU", "en", "ru_RU" from POSIX systems is tolerated). */
  locale?: string | null;
  /** Message text to show instead of the generic body, when the workspace allows previews. */
  preview?: string | null;
}

export interface PushTexts {
  title: string;
  body: string;
  language: PushLanguage;
}

/** Longest preview shown on a lock screen; longer texts end with an ellipsis. */
export const PREVIEW_MAX_CHARS = 120;

const TEXTS: Record<PushLanguage, { title: string } & Record<PushTextKind, string>> = {
  en: {
    title: 'Support',
    chat: 'New message from operator',
    ticket_updated: 'Your ticket was updated',
    ticket_resolved: 'Your ticket was resolved. How did we do? Tap to rate our support.',
  },
  ru: {
    title: 'Поддержка',
    chat: 'Новое сообщение от оператора',
    ticket_updated: 'Ваше обращение обновлено',
    ticket_resolved: 'Ваше обращение решено. Оцените, пожалуйста, работу поддержки.',
  },
};

/** The language we have texts for that best matches a locale; en when nothing matches. */
export function pickLanguage(locale: string | null | undefined): PushLanguage {
  const primary = (locale ?? '').trim().split(/[-_]/)[0]?.toLowerCase();
  return primary === 'ru' ? 'ru' : 'en';
}

/** Title and body for one notification; a non-blank `preview` replaces the generic body. */
export function pushTexts(kind: PushTextKind, options: PushTextOptions = {}): PushTexts {
  const language = pickLanguage(options.locale);
  const texts = TEXTS[language];
  const preview = options.preview ? truncatePreview(options.preview) : '';
  return { title: texts.title, body: preview || texts[kind], language };
}

/**
 * Lock screens show one or two lines, so newlines and runs of spaces are collapsed. Truncation
 * counts code points, not UTF-16 units, so an emoji is never cut in half.
 */
export function truncatePreview(text: string, max = PREVIEW_MAX_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const chars = Array.from(flat);
  if (chars.length <= max) return flat;
  return `${chars
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
