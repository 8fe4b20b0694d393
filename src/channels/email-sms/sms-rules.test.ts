import { describe, expect, it } from 'vitest';
import type { CustomerMessageInput, OperatorFacts, SessionFacts } from './email-rules.js';
import { planCustomerSms, planOperatorSms, type CustomerSmsInput } from './sms-rules.js';

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const GRACE = 20_000;
const after = (ms: number) => ({ messageAt: T0, assistantReplyAt: null, graceMs: GRACE, now: T0 + ms });

const op = (id: string, over: Partial<OperatorFacts> = {}): OperatorFacts => ({
  id,
  role: 'operator',
  online: false,
  email: null,
  phone: '+15550001111',
  departmentIds: ['sales'],
  ...over,
});

const OPERATORS = [
  op('a', { phone: '+1 (555) 000-2222' }),
  op('b', { online: true }),
  op('c', { phone: null }),
  op('d', { phone: '0555 12' }),
  op('e', { muted: true }),
  op('v', { role: 'viewer' }),
];

const session = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  status: 'waiting',
  departmentId: 'sales',
  assignedOperatorId: null,
  lastOperatorId: null,
  ...over,
});

const input = (over: Partial<CustomerMessageInput & { senderName: string | null }> = {}) => ({
  session: session(),
  firstCustomerMessage: true,
  operators: OPERATORS,
  bot: after(0),
  ...over,
});

describe('planOperatorSms', () => {
  it('texts offline operators of the audience, normalising numbers, and says why for the rest', () => {
    expect(planOperatorSms(input({ senderName: ' Herald ' }))).toEqual({
      outcome: 'decided',
      audience: 'department',
      basis: 'first_message',
      decisions: [
        { operatorId: 'a', send: true, reason: 'offline', to: '+15550002222', senderName: 'Herald' },
        { operatorId: 'b', send: false, reason: 'online' },
        { operatorId: 'c', send: false, reason: 'no_phone' },
        { operatorId: 'd', send: false, reason: 'invalid_phone' },
        { operatorId: 'e', send: false, reason: 'muted' },
      ],
    });
  });

  it('no sender name → none in the decision (TWILIO_FROM is used)', () => {
    const plan = planOperatorSms(input({ session: session({ lastOperatorId: 'a' }), firstCustomerMessage: false, senderName: '  ' }));
    expect(plan).toEqual({
      outcome: 'decided',
      audience: 'last_handler',
      basis: 'later_message',
      decisions: [{ operatorId: 'a', send: true, reason: 'offline', to: '+15550002222' }],
    });
  });

  it.each([
    ['bot session within grace → defer', after(1_000), { outcome: 'defer', until: T0 + GRACE }],
    ['the bot answered → never', { ...after(GRACE + 1), assistantReplyAt: T0 + 3_000 }, { outcome: 'skip', reason: 'bot_answered' }],
  ] as const)('%s', (_name, bot, expected) => {
    expect(planOperatorSms(input({ session: session({ status: 'bot' }), bot }))).toEqual(expected);
  });

  it('the bot stayed silent past the grace → operators are texted', () => {
    const plan = planOperatorSms(input({ session: session({ status: 'bot' }), bot: after(GRACE) }));
    expect(plan).toMatchObject({ outcome: 'decided', decisions: [{ operatorId: 'a', send: true }, {}, {}, {}, {}] });
  });
});

describe('planCustomerSms', () => {
  const customer = (over: Partial<CustomerSmsInput['customer']> = {}): CustomerSmsInput['customer'] => ({
    id: 'c1',
    online: false,
    phone: '+44 7700 900123',
    ...over,
  });

  it.each([
    ['human reply, offline → text', { author: 'human', customer: customer() }, { send: true, reason: 'offline', to: '+447700900123' }],
    ['with a sender name', { author: 'human', customer: customer(), senderName: 'Shop' }, { send: true, to: '+447700900123', senderName: 'Shop' }],
    ['AI reply → the bot handled it', { author: 'ai', customer: customer() }, { send: false, reason: 'bot_handled' }],
    ['system message → not a human reply', { author: 'system', customer: customer() }, { send: false, reason: 'not_human_reply' }],
    ['customer online → skip', { author: 'human', customer: customer({ online: true }) }, { send: false, reason: 'online' }],
    ['customer muted → skip', { author: 'human', customer: customer({ muted: true }) }, { send: false, reason: 'muted' }],
    ['no phone → skip', { author: 'human', customer: customer({ phone: null }) }, { send: false, reason: 'no_phone' }],
    ['not E.164 → skip', { author: 'human', customer: customer({ phone: '07700 900123' }) }, { send: false, reason: 'invalid_phone' }],
  ] as const)('%s', (_name, given, expected) => {
    expect(planCustomerSms(given as CustomerSmsInput)).toMatchObject({ customerId: 'c1', ...expected });
  });

  it('every human reply is texted (no once-per-offline-period limit for SMS)', () => {
    const given: CustomerSmsInput = { author: 'human', customer: customer() };
    expect([planCustomerSms(given).send, planCustomerSms(given).send]).toEqual([true, true]);
  });
});
