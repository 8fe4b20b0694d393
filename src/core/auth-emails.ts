/**
 * Emails that carry a sign-in credential (an invitation link, a password-reset link). They go
 * through the one delivery path like every other email, but their text is sealed with the secret
 * key in the event and the delivery payload: the deliveries console shows who got which email and
 * when, never a link a manager could use to take over someone's account.
 */
import type { SecretBox } from '../security/secret-box.js';
import { type Db, writeEvent } from './outbox.js';

export interface AuthEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  recipient: { type: 'operator'; id: string };
}

/** The body the deliveries console shows in place of the sealed text. */
export const SEALED_NOTICE = '(sealed: this email holds a single-use sign-in link)';

export async function writeAuthEmail(tx: Db, box: SecretBox, email: AuthEmail): Promise<void> {
  await writeEvent(tx, 'auth.email', {
    sessionId: null,
    customerId: null,
    agentId: null,
    channel: null,
    seq: null,
    text: null,
    author: { type: 'system' },
    to: email.to,
    subject: email.subject,
    recipient: email.recipient,
    sealed: box.encrypt(JSON.stringify({ text: email.text, html: email.html })),
  });
}

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function html(paragraphs: string[], link: string, button: string): string {
  return (
    '<!doctype html><html><body style="font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif">' +
    paragraphs.map((p) => `<p>${escape(p)}</p>`).join('') +
    `<p><a href="${escape(link)}" style="display:inline-block;padding:10px 16px;background:#228be6;color:#fff;border-radius:4px;text-decoration:none">${escape(button)}</a></p>` +
    `<p style="color:#868e96;font-size:12px">${escape(link)}</p></body></html>`
  );
}

export function invitationEmail(
  to: string,
  role: string,
  link: string,
  invitedBy: string | null,
  expiresAt: number,
  sso: boolean,
): Omit<AuthEmail, 'recipient'> {
  const who = invitedBy ? `${invitedBy} invited you` : 'You are invited';
  const lines = [
    `${who} to join Herald as ${role}.`,
    sso ? 'Open the link and sign in with your company account (single sign-on) using this email address.' : 'Open the link to choose your name and password.',
    `The link works once and expires on ${new Date(expiresAt).toUTCString()}.`,
  ];
  return { to, subject: 'You are invited to Herald', text: `${lines.join('\n\n')}\n\n${link}\n`, html: html(lines, link, 'Accept the invitation') };
}

export function passwordResetEmail(to: string, link: string, expiresAt: number): Omit<AuthEmail, 'recipient'> {
  const lines = [
    'Someone (hopefully you) asked to reset the password of your Herald account.',
    `The link works once and expires on ${new Date(expiresAt).toUTCString()}. If you did not ask for it, ignore this email: your password stays as it is.`,
  ];
  return { to, subject: 'Reset your Herald password', text: `${lines.join('\n\n')}\n\n${link}\n`, html: html(lines, link, 'Choose a new password') };
}
