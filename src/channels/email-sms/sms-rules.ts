/**
 * Who gets an SMS (CONTRACT §7): offline recipients only, never when the bot handled it. Pure
 * functions, like the email rules, whose audience and bot-grace logic they reuse so that email
 * and SMS never disagree about who a customer message concerns.
 *
 * - To operators, about a customer message: the same audience as email (department / assigned /
 *   everyone / last handler), the same bot grace, offline ones with a phone number.
 * - To the customer, about a reply: only a human operator's reply (an AI reply is "the bot
 *   handled it"), only while offline. No once-per-offline-period limit, unlike email: on an
 *   SMS session texting IS the conversation, so every human reply must arrive.
 * - Phone numbers are normalised to E.164 (spaces, dashes, dots, brackets removed); one that
 *   still is not E.164 is skipped here rather than spending a Twilio request on a sure 21211.
 */
import {
  botGraceVerdict,
  operatorSkip,
  selectOperatorAudience,
  type AudienceBasis,
  type CustomerMessageInput,
  type MessageAuthor,
  type OperatorAudience,
} from './email-rules.js';

export interface SmsSender {
  /** Alphanumeric sender id overriding TWILIO_FROM where the country allows it. */
  senderName?: string | null;
}

export type SmsTarget = { to: string; senderName?: string };

export type OperatorSmsDecision =
  | ({ operatorId: string; send: true; reason: 'offline' } & SmsTarget)
  | { operatorId: string; send: false; reason: 'online' | 'muted' | 'no_phone' | 'invalid_phone' };

export type OperatorSmsPlan =
  | { outcome: 'defer'; until: number }
  | { outcome: 'skip'; reason: 'bot_answered' | 'no_operators' }
  | { outcome: 'decided'; audience: OperatorAudience; basis: AudienceBasis; decisions: OperatorSmsDecision[] };

/** Operators to text about a customer message. */
export function planOperatorSms(input: CustomerMessageInput & SmsSender): OperatorSmsPlan {
  const verdict = botGraceVerdict(input.session.status, input.bot);
  if (verdict.kind === 'defer') return { outcome: 'defer', until: verdict.until };
  if (verdict.kind === 'bot_answered') return { outcome: 'skip', reason: 'bot_answered' };

  const { audience, basis, members } = selectOperatorAudience(input);
  if (members.length === 0) return { outcome: 'skip', reason: 'no_operators' };
  const sender = senderOf(input);
  const decisions = members.map((o): OperatorSmsDecision => {
    const skip = operatorSkip(o);
    if (skip) return { operatorId: o.id, send: false, reason: skip };
    const phone = phoneOf(o.phone);
    if (!phone.ok) return { operatorId: o.id, send: false, reason: phone.reason };
    return { operatorId: o.id, send: true, reason: 'offline', to: phone.to, ...sender };
  });
  return { outcome: 'decided', audience, basis, decisions };
}

export interface CustomerSmsInput extends SmsSender {
  author: MessageAuthor;
  customer: {
    id: string;
    online: boolean;
    phone: string | null;
    /** The customer muted chat notifications. */
    muted?: boolean;
  };
}

export type CustomerSmsSkipReason = 'bot_handled' | 'not_human_reply' | 'online' | 'muted' | 'no_phone' | 'invalid_phone';

export type CustomerSmsDecision =
  ({ customerId: string; send: true; reason: 'offline' } & SmsTarget) | { customerId: string; send: false; reason: CustomerSmsSkipReason };

/** Text the customer about a reply in their session. */
export function planCustomerSms(input: CustomerSmsInput): CustomerSmsDecision {
  const c = input.customer;
  const skip = (reason: CustomerSmsSkipReason): CustomerSmsDecision => ({ customerId: c.id, send: false, reason });
  if (input.author === 'ai') return skip('bot_handled');
  if (input.author !== 'human') return skip('not_human_reply');
  if (c.online) return skip('online');
  if (c.muted) return skip('muted');
  const phone = phoneOf(c.phone);
  if (!phone.ok) return skip(phone.reason);
  return { customerId: c.id, send: true, reason: 'offline', to: phone.to, ...senderOf(input) };
}

function senderOf(input: SmsSender): { senderName?: string } {
  const name = input.senderName?.trim();
  return name ? { senderName: name } : {};
}

function phoneOf(raw: string | null | undefined): { ok: true; to: string } | { ok: false; reason: 'no_phone' | 'invalid_phone' } {
  if (!raw || !raw.trim()) return { ok: false, reason: 'no_phone' };
  const to = raw.replace(/[\s\-.()]/g, '');
  return /^\+[1-9]\d{6,14}$/.test(to) ? { ok: true, to } : { ok: false, reason: 'invalid_phone' };
}
