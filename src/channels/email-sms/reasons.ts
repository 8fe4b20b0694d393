/**
 * Why someone got no email or SMS, in words for the deliveries console. Each reason starts with
 * the rule's machine-readable code, so a script can still filter on it.
 */
const TEXT: Record<string, string> = {
  online: 'online now, so they see it live',
  muted: 'they turned chat notifications off',
  no_email: 'no email address on file',
  no_phone: 'no phone number on file',
  invalid_phone: 'the phone number is not in E.164 form (+15551234567)',
  already_emailed_this_offline_period: 'already emailed once while offline; one email per offline period',
  bot_handled: 'the bot handled it; AI replies are not texted',
  came_online: 'came online before it was sent, so they see it live',
  digest: 'digest mode: it goes out in the next digest email',
};

export function reason(code: string, detail?: string): string {
  const text = detail ?? TEXT[code];
  return text ? `${code}: ${text}` : code;
}

export function botAnswered(graceMs: number): string {
  return reason('bot_answered', `the bot answered within ${graceMs / 1000} s and no human took over`);
}

export function notConfigured(channel: 'email' | 'sms', why: string): string {
  return reason('not_configured', `${channel === 'email' ? 'email (SMTP)' : 'SMS (Twilio)'} is not configured: ${why}`);
}
