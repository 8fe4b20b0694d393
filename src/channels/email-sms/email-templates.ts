/**
 * Email templates: one per kind of email, each a subject, a plain-text and an HTML template
 * string with `{merge_field}` placeholders.
 *
 * Escaping is done here, per part, so a template author never has to think about it:
 * - HTML part: every value is HTML-escaped and its newlines become `<br>`. The template itself
 *   is trusted markup (only managers edit it), values never are (customers write messages).
 * - Text part: values verbatim.
 * - Subject: values verbatim but on one line (newlines collapsed), no markup, capped in length.
 *
 * Syntax: `{name}` where name is one of MERGE_FIELDS. Anything else in braces that looks like a
 * field (`{foo}`) is reported by validateTemplate so the API can refuse it; braces that are not
 * a bare identifier (CSS such as `p { margin: 0 }`) are plain text.
 *
 * Digests use no loop syntax: renderDigest builds the list of messages in code and puts it
 * in `{message}` (an HTML list in the HTML part, one block per message in the text part).
 */

export const MERGE_FIELDS = [
  'recipient_name',
  'sender_name',
  'sender_profile_image',
  'message',
  'attachments',
  'conversation_link',
  'conversation_id',
] as const;

export type MergeField = (typeof MERGE_FIELDS)[number];

/** Values for the merge fields; a missing value renders as an empty string. */
export type MergeValues = Partial<Record<MergeField, string | null | undefined>>;

export const EMAIL_KINDS = ['operator_new_conversation', 'operator_new_message', 'customer_operator_reply', 'digest'] as const;

export type EmailKind = (typeof EMAIL_KINDS)[number];

export interface EmailTemplate {
  subject: string;
  text: string;
  html: string;
}

export type RenderedEmail = EmailTemplate;

/** One message of a digest. */
export interface DigestEntry {
  sender: string;
  /** When it was written (Date, epoch ms or ISO string). */
  time: Date | number | string;
  text: string;
}

export interface DigestOptions {
  /** BCP 47 locale for the message times (default `en`). */
  locale?: string;
  /** IANA time zone for the message times (default `UTC`); use the recipient's. */
  timeZone?: string;
}

const FIELD = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const KNOWN = new Set<string>(MERGE_FIELDS);
const SUBJECT_MAX = 200;

const wrap = (body: string): string =>
  '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;' +
  'font-size:15px;line-height:1.5;color:#1f2933;margin:0;padding:24px">' +
  `${body}</body></html>`;

const button =
  '<p><a href="{conversation_link}" style="display:inline-block;padding:10px 18px;' +
  'background:#2563eb;color:#fff;text-decoration:none;border-radius:6px">Open the conversation</a></p>';

const quote =
  '<blockquote style="margin:16px 0;padding:8px 16px;border-left:3px solid #cbd2d9;color:#323f4b">' +
  '{message}</blockquote><p style="color:#616e7c;font-size:13px">{attachments}</p>';

/** Built-in templates, used when a workspace has not customised a kind. */
export const DEFAULT_EMAIL_TEMPLATES: Readonly<Record<EmailKind, Readonly<EmailTemplate>>> = Object.freeze({
  operator_new_conversation: Object.freeze({
    subject: 'New conversation from {sender_name}',
    text:
      'Hi {recipient_name},\n\n{sender_name} started a new conversation:\n\n{message}\n{attachments}\n\n' +
      'Reply here: {conversation_link}\n(conversation {conversation_id})\n',
    html: wrap(
      '<p>Hi {recipient_name},</p><p><b>{sender_name}</b> started a new conversation:</p>' +
        quote +
        button +
        '<p style="color:#9aa5b1;font-size:12px">Conversation {conversation_id}</p>',
    ),
  }),
  operator_new_message: Object.freeze({
    subject: 'New message from {sender_name}',
    text:
      'Hi {recipient_name},\n\n{sender_name} wrote:\n\n{message}\n{attachments}\n\n' + 'Reply here: {conversation_link}\n(conversation {conversation_id})\n',
    html: wrap(
      '<p>Hi {recipient_name},</p><p><b>{sender_name}</b> wrote:</p>' +
        quote +
        button +
        '<p style="color:#9aa5b1;font-size:12px">Conversation {conversation_id}</p>',
    ),
  }),
  customer_operator_reply: Object.freeze({
    subject: '{sender_name} replied to your conversation',
    text: 'Hi {recipient_name},\n\n{sender_name} replied:\n\n{message}\n{attachments}\n\n' + 'Continue the conversation: {conversation_link}\n',
    html: wrap('<p>Hi {recipient_name},</p><p><b>{sender_name}</b> replied:</p>' + quote + button),
  }),
  digest: Object.freeze({
    subject: 'New messages in your conversation',
    text: 'Hi {recipient_name},\n\nHere is what was said since our last email:\n\n{message}\n\n{conversation_link}\n',
    html: wrap('<p>Hi {recipient_name},</p><p>Here is what was said since our last email:</p>{message}' + button),
  }),
});

/**
 * Unknown merge fields in a template, as written (`{foo}`), sorted and without duplicates.
 * Empty when the template is valid, so the API can say exactly which names it refuses.
 */
export function validateTemplate(template: Partial<EmailTemplate>): string[] {
  const unknown = new Set<string>();
  for (const part of [template.subject, template.text, template.html]) {
    if (typeof part !== 'string') continue;
    for (const match of part.matchAll(FIELD)) {
      if (!KNOWN.has(match[1]!)) unknown.add(match[0]);
    }
  }
  return [...unknown].sort();
}

/** Fills a template; see the module comment for how each part is escaped. */
export function renderTemplate(template: EmailTemplate, values: MergeValues): RenderedEmail {
  return renderParts(template, values, (field) => htmlValue(values[field]));
}

/**
 * Fills a digest template: `{message}` becomes the list of messages (sender, time, text),
 * built here so the template needs no loop syntax. `values.message` is ignored.
 */
export function renderDigest(
  template: EmailTemplate,
  values: Omit<MergeValues, 'message'> & { messages: readonly DigestEntry[] },
  options: DigestOptions = {},
): RenderedEmail {
  const format = new Intl.DateTimeFormat(options.locale ?? 'en', {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: options.timeZone ?? 'UTC',
  });
  const entries = values.messages.map((m) => ({ ...m, when: format.format(new Date(m.time)) }));

  const text = entries.map((e) => `${e.sender} · ${e.when}\n${indent(e.text)}`).join('\n\n');
  const html =
    '<table role="presentation" cellpadding="0" cellspacing="0" style="border-collapse:collapse;width:100%">' +
    entries
      .map(
        (e) =>
          '<tr><td style="padding:8px 0;border-bottom:1px solid #e4e7eb">' +
          `<b>${htmlValue(e.sender)}</b> <span style="color:#9aa5b1;font-size:12px">${htmlValue(e.when)}</span>` +
          `<div>${htmlValue(e.text)}</div></td></tr>`,
      )
      .join('') +
    '</table>';

  const merged: MergeValues = { ...values, message: text };
  return renderParts(template, merged, (field) => (field === 'message' ? html : htmlValue(merged[field])));
}

function renderParts(template: EmailTemplate, values: MergeValues, htmlFor: (field: MergeField) => string): RenderedEmail {
  const subject = fill(template.subject, (field) => oneLine(values[field] ?? ''));
  return {
    subject: cap(oneLine(subject), SUBJECT_MAX),
    text: fill(template.text, (field) => values[field] ?? ''),
    html: fill(template.html, htmlFor),
  };
}

/** Replaces known fields in one pass, so a value that contains `{message}` is never expanded. */
function fill(part: string, valueOf: (field: MergeField) => string): string {
  return part.replace(FIELD, (whole, name: string) => (KNOWN.has(name) ? valueOf(name as MergeField) : whole));
}

function htmlValue(value: string | null | undefined): string {
  return escapeHtml(value ?? '').replace(/\r\n|\r|\n/g, '<br>');
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

function oneLine(value: string): string {
  return value.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function cap(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

function indent(text: string): string {
  return text
    .split(/\r\n|\r|\n/)
    .map((line) => `  ${line}`)
    .join('\n');
}
