/**
 * The names and sentences of routing decisions, for explain (CONTRACT §13). A deliveries row
 * already says what the rules decided (its status) and why (its reason, which starts with the
 * rule's code); this catalogue turns that into the rule's name and a sentence an operator reads,
 * so no rule name is stored per delivery.
 */
import type { DecisionKind } from './decisions.js';

/** `webhook`, `email`, `sms`, or `push` for every device provider (fcm, apns, webpush…). */
export function channelFamily(channel: string): 'webhook' | 'email' | 'sms' | 'push' {
  return channel === 'webhook' || channel === 'email' || channel === 'sms' ? channel : 'push';
}

/** A rule's code (as in reasons) → its name and the sentence shown when no better one is known. */
const RULES: Array<{ match: RegExp; rule: string; sentence?: string }> = [
  { match: /^muted\b/, rule: 'mute', sentence: 'They turned these notifications off in their preferences.' },
  {
    match: /^the recipient is online|^online\b(?!$)/,
    rule: 'presence',
    sentence: 'They were online, so they saw it live; chat notifications go only to people who are offline.',
  },
  { match: /^came_online\b/, rule: 'presence', sentence: 'They came online before it was sent, so they saw it live.' },
  { match: /^the device (is disabled|was unregistered)/, rule: 'device-state' },
  { match: /no registered devices/, rule: 'devices', sentence: 'They have no registered device to notify.' },
  { match: /^(no_email|no_phone|invalid_phone)\b/, rule: 'contact' },
  {
    match: /^already_emailed_this_offline_period\b/,
    rule: 'once-per-offline-period',
    sentence: 'They were already emailed once since going offline; one email per offline period.',
  },
  { match: /^bot_answered\b|^bot_handled\b/, rule: 'bot-grace' },
  { match: /^digest\b/, rule: 'digest', sentence: 'Digest mode: it goes out in the next digest email.' },
  { match: /^not_configured\b|is not configured|^no sender for channel/, rule: 'provider' },
  { match: /push configuration (was deleted|is disabled)/, rule: 'subscription' },
  { match: /quiet hours/i, rule: 'quiet-hours', sentence: 'It fell inside their quiet hours, so it was held for the summary at the end of the window.' },
  { match: /^summarized\b/, rule: 'quiet-hours', sentence: 'Covered by the summary sent when their quiet hours ended.' },
  { match: /^read\b/, rule: 'escalation', sentence: 'They read the conversation before this step of the escalation ladder was due.' },
  { match: /^online$/, rule: 'escalation', sentence: 'They came online before this step of the escalation ladder was due.' },
  { match: /participant replied|campaign cancelled/, rule: 'campaign' },
];

/** What the rules meant by a row in this status (how the attempt went is the row's own status). */
function decisionOf(status: string, nextAttemptAt: number | null, now: number): DecisionKind {
  switch (status) {
    case 'skipped':
      return 'skipped';
    case 'held':
      return 'held';
    case 'cancelled':
      return 'cancelled';
    case 'queued':
      return nextAttemptAt !== null && nextAttemptAt > now ? 'scheduled' : 'sent';
    default:
      return 'sent';
  }
}

/** The rule and sentence behind a delivery that was sent (the reason column is empty then). */
function sentRule(family: ReturnType<typeof channelFamily>, recipientType: string, event: string): { rule: string; reason: string } {
  if (family === 'webhook')
    return { rule: 'subscription', reason: `The agent's push configuration receives ${event} events, so the event was forwarded to its endpoint.` };
  if (family === 'push') {
    return recipientType === 'operator'
      ? { rule: 'devices', reason: 'Their browser or device is registered for notifications, so it was notified.' }
      : event === 'message.assistant'
        ? { rule: 'presence', reason: 'They were offline, so their device was notified of the reply.' }
        : { rule: 'devices', reason: 'This kind of notification is on and the device is registered, so it was notified.' };
  }
  if (recipientType === 'operator') {
    return event === 'message.user'
      ? { rule: 'audience', reason: `They are in this conversation's audience and were offline, so they got ${family === 'sms' ? 'a text' : 'an email'}.` }
      : { rule: 'audience', reason: `Sent by ${family} to this operator.` };
  }
  return {
    rule: 'presence',
    reason: family === 'sms' ? 'They were offline, so the reply was texted.' : 'They were offline, so the reply was emailed (at most once per offline period).',
  };
}

export interface RowFacts {
  channel: string;
  recipientType: string;
  status: string;
  reason: string | null;
  nextAttemptAt: number | null;
}

/** The explanation of one deliveries row: decision, rule name (`<family>.<rule>`) and sentence. */
export function explainRow(row: RowFacts, event: string, now: number): { decision: DecisionKind; rule: string; reason: string } {
  const family = channelFamily(row.channel);
  const decision = decisionOf(row.status, row.nextAttemptAt, now);
  if (!row.reason || (decision === 'sent' && row.status !== 'failed')) {
    const sent = sentRule(family, row.recipientType, event);
    return {
      decision,
      rule: `${family}.${sent.rule}`,
      reason: decision === 'scheduled' ? `${sent.reason} It waits for its time (the bot's grace period or an escalation step).` : sent.reason,
    };
  }
  if (decision === 'sent') {
    // Failed after being sent: the rules did send it; the reason is the provider's answer.
    const sent = sentRule(family, row.recipientType, event);
    return { decision, rule: `${family}.${sent.rule}`, reason: `${sent.reason} Delivery failed: ${row.reason}` };
  }
  const known = RULES.find((r) => r.match.test(row.reason!));
  return { decision, rule: `${family}.${known?.rule ?? 'delivery'}`, reason: known?.sentence ?? sentence(row.reason) };
}

/** `code: some words` → `Some words.` (reasons keep their code first for scripts). */
export function sentence(reason: string): string {
  const text = reason.replace(/^[a-z_]+: /, '');
  const s = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(s) ? s : `${s}.`;
}
