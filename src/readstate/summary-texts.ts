/**
 * The one notification that replaces what quiet hours held: "3 new messages in 2 conversations",
 * in the recipient's language (en, ru; anything else falls back to en, as push texts do).
 */
import { escapeHtml } from '../channels/email-sms/email-templates.js';
import type { EmailPayload, SmsPayload } from '../channels/email-sms/compose.js';
import type { PushMessage } from '../providers/provider.js';

export function summarySentence(locale: string | null | undefined, messages: number, conversations: number): string {
  if (/^ru\b|^ru[-_]/i.test(locale ?? '')) {
    const pr = new Intl.PluralRules('ru');
    const msg = { one: 'новое сообщение', few: 'новых сообщения', many: 'новых сообщений', other: 'нового сообщения' } as Record<string, string>;
    const conv = { one: 'беседе', few: 'беседах', many: 'беседах', other: 'беседах' } as Record<string, string>;
    return `${messages} ${msg[pr.select(messages)]} в ${conversations} ${conv[pr.select(conversations)]}`;
  }
  return `${messages} new message${messages === 1 ? '' : 's'} in ${conversations} conversation${conversations === 1 ? '' : 's'}`;
}

function tail(locale: string | null | undefined): string {
  return /^ru\b|^ru[-_]/i.test(locale ?? '') ? 'Пока у вас были тихие часы, пришли сообщения.' : 'These arrived during your quiet hours.';
}

/** The summary in the shape the delivery's channel sends, built from the held delivery's own payload. */
export function summaryPayload(channel: string, original: string, locale: string | null, messages: number, conversations: number): string {
  const sentence = summarySentence(locale, messages, conversations);
  const one = conversations === 1;
  if (channel === 'email') {
    const p = JSON.parse(original) as EmailPayload;
    const text = `${sentence}.\n\n${tail(locale)}\n`;
    const summary: EmailPayload = {
      kind: p.kind,
      to: p.to,
      subject: sentence,
      text,
      html: `<p>${escapeHtml(sentence)}.</p><p>${escapeHtml(tail(locale))}</p>`,
      // A reply goes to the conversation only when there is just one.
      ...(one && p.replyTo && { replyTo: p.replyTo }),
      headers: one ? p.headers : {},
    };
    return JSON.stringify(summary);
  }
  if (channel === 'sms') {
    const p = JSON.parse(original) as SmsPayload;
    return JSON.stringify({ ...p, body: sentence } satisfies SmsPayload);
  }
  const p = JSON.parse(original) as PushMessage;
  const summary: PushMessage = {
    notificationId: p.notificationId,
    title: p.title,
    body: sentence,
    data: one ? { ...p.data, count: String(messages) } : { type: 'summary', count: String(messages) },
    ...(one && p.collapseId && { collapseId: p.collapseId }),
    ...(one && p.url && { url: p.url }),
    urgency: 'normal',
    ttlSeconds: p.ttlSeconds,
  };
  return JSON.stringify(summary);
}
