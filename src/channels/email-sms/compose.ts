/**
 * What goes into an email or SMS delivery's payload: exactly what is sent, rendered once at
 * planning time so every retry sends the same bytes and the deliveries console shows it.
 */
import { type EmailKind, escapeHtml } from './email-templates.js';

/** Re-checked at send time: a customer message the bot may still answer within its grace. */
export interface GraceCheck {
  sessionId: string;
  seq: number;
  messageAt: number;
  graceMs: number;
}

export interface EmailPayload {
  kind: EmailKind | 'test' | 'notice' | 'auth';
  to: string;
  subject: string;
  text: string;
  html: string;
  replyTo?: string;
  headers: Record<string, string>;
  check?: GraceCheck;
  /** Sign-in emails: the real {text, html}, encrypted with the secret key (text/html show a notice). */
  sealed?: string;
}

export interface SmsPayload {
  to: string;
  body: string;
  senderName?: string;
}

/** Twilio refuses bodies over 1600 characters (error 21617); longer replies are cut, visibly. */
export const SMS_MAX = 1600;

export function smsBody(text: string): string {
  return text.length > SMS_MAX ? `${text.slice(0, SMS_MAX - 1)}…` : text;
}

/** Headers that let mail clients and filters tell which conversation an email is about. */
export function conversationHeaders(sessionId: string | null): Record<string, string> {
  return sessionId ? { 'X-Herald-Conversation': sessionId } : {};
}

export function operatorLink(publicUrl: string, sessionId: string): string {
  return `${publicUrl}/sessions/${encodeURIComponent(sessionId)}`;
}

/** The customer's way back to the conversation: the workspace's link pattern, else Herald's URL. */
export function customerLink(pattern: string | null, publicUrl: string, sessionId: string): string {
  return pattern ? pattern.split('{conversation_id}').join(encodeURIComponent(sessionId)) : publicUrl;
}

export function testEmail(to: string, publicUrl: string): EmailPayload {
  const text = `This is a test email from Herald (${publicUrl}).\n\nIf you can read this, email notifications work.\n`;
  const html =
    '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">' +
    '<p>This is a test email from Herald.</p><p>If you can read this, email notifications work.</p></body></html>';
  return { kind: 'test', to, subject: 'Herald test email', text, html, headers: {} };
}

/** To admins and managers: a webhook endpoint failed for so long that Herald turned it off. */
export function destinationDisabledEmail(to: string, e: { destination: string; reason: string; agentIds: string[] }, publicUrl: string): EmailPayload {
  const endpoint = e.destination.replace(/^webhook:/, '');
  const links = e.agentIds.map((id) => `${publicUrl}/agents/${id}`);
  const text =
    `Herald stopped sending webhooks to ${endpoint}.\n\n${e.reason}.\n\n` +
    `Fix the endpoint, then enable the push configuration again:\n${links.join('\n')}\n`;
  const html =
    '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">' +
    `<p>Herald stopped sending webhooks to <b>${escapeHtml(endpoint)}</b>.</p><p>${escapeHtml(e.reason)}.</p>` +
    `<p>Fix the endpoint, then enable the push configuration again:</p><ul>${links.map((l) => `<li><a href="${escapeHtml(l)}">${escapeHtml(l)}</a></li>`).join('')}</ul>` +
    '</body></html>';
  return { kind: 'notice', to, subject: `Webhooks to ${endpoint} were turned off`, text, html, headers: {} };
}
