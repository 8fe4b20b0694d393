import { describe, expect, it } from 'vitest';
import {
  botGraceVerdict,
  planCustomerEmail,
  planOperatorEmails,
  type CustomerMessageInput,
  type CustomerReplyInput,
  type OperatorEmailPlan,
  type OperatorFacts,
  type SessionFacts,
} from './email-rules.js';

const op = (id: string, over: Partial<OperatorFacts> = {}): OperatorFacts => ({
  id,
  role: 'operator',
  online: false,
  email: `${id}@example.com`,
  departmentIds: [],
  ...over,
});

// Department "sales": two offline, one online, one without email, one muted, one viewer.
const OPERATORS: OperatorFacts[] = [
  op('s1', { departmentIds: ['sales'] }),
  op('s2', { departmentIds: ['sales', 'support'] }),
  op('s3', { departmentIds: ['sales'], online: true }),
  op('s4', { departmentIds: ['sales'], email: null }),
  op('s5', { departmentIds: ['sales'], muted: true }),
  op('sv', { departmentIds: ['sales'], role: 'viewer' }),
  op('m1', { role: 'manager' }),
  op('o1', { online: true }),
];

const T0 = Date.UTC(2025, 0, 1, 12, 0, 0);
const GRACE = 20_000;
const after = (ms: number) => ({ messageAt: T0, assistantReplyAt: null, graceMs: GRACE, now: T0 + ms });

const session = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  status: 'waiting',
  departmentId: null,
  assignedOperatorId: null,
  lastOperatorId: null,
  ...over,
});

/** A compact, table-friendly view of a plan. */
function summary(plan: OperatorEmailPlan) {
  if (plan.outcome !== 'decided') return plan;
  return {
    outcome: plan.outcome,
    audience: plan.audience,
    basis: plan.basis,
    send: plan.decisions.filter((d) => d.send).map((d) => d.operatorId),
    skip: Object.fromEntries(plan.decisions.filter((d) => !d.send).map((d) => [d.operatorId, d.reason])),
  };
}

describe('planOperatorEmails', () => {
  const cases: Array<[string, Partial<CustomerMessageInput>, ReturnType<typeof summary>]> = [
    [
      'first message, session in a department → its offline operators; online/no email/muted say why',
      { session: session({ departmentId: 'sales' }), firstCustomerMessage: true },
      {
        outcome: 'decided',
        audience: 'department',
        basis: 'first_message',
        send: ['s1', 's2'],
        skip: { s3: 'online', s4: 'no_email', s5: 'muted' },
      },
    ],
    [
      'first message, department beats the assigned operator',
      { session: session({ departmentId: 'support', assignedOperatorId: 'm1' }), firstCustomerMessage: true },
      { outcome: 'decided', audience: 'department', basis: 'first_message', send: ['s2'], skip: {} },
    ],
    [
      'first message, department with no members → the assigned operator',
      { session: session({ departmentId: 'empty', assignedOperatorId: 'm1' }), firstCustomerMessage: true },
      { outcome: 'decided', audience: 'assigned', basis: 'first_message', send: ['m1'], skip: {} },
    ],
    [
      'first message, no department, assigned operator online → nobody, reason online',
      { session: session({ assignedOperatorId: 'o1' }), firstCustomerMessage: true },
      { outcome: 'decided', audience: 'assigned', basis: 'first_message', send: [], skip: { o1: 'online' } },
    ],
    [
      'first message, no department, nobody assigned → every offline operator (never viewers)',
      { session: session(), firstCustomerMessage: true },
      {
        outcome: 'decided',
        audience: 'all_operators',
        basis: 'first_message',
        send: ['s1', 's2', 'm1'],
        skip: { s3: 'online', s4: 'no_email', s5: 'muted', o1: 'online' },
      },
    ],
    [
      'later message → only the last operator who handled it, if offline',
      { session: session({ departmentId: 'sales', assignedOperatorId: 's1', lastOperatorId: 's2' }), firstCustomerMessage: false },
      { outcome: 'decided', audience: 'last_handler', basis: 'later_message', send: ['s2'], skip: {} },
    ],
    [
      'later message, last handler online → nobody',
      { session: session({ departmentId: 'sales', lastOperatorId: 's3' }), firstCustomerMessage: false },
      { outcome: 'decided', audience: 'last_handler', basis: 'later_message', send: [], skip: { s3: 'online' } },
    ],
    [
      'later message, assigned but has not replied yet → the assigned operator handles it',
      { session: session({ status: 'assigned', departmentId: 'sales', assignedOperatorId: 'm1' }), firstCustomerMessage: false },
      { outcome: 'decided', audience: 'last_handler', basis: 'later_message', send: ['m1'], skip: {} },
    ],
    [
      'later message, last handler was deleted and nobody assigned → routed like a first message',
      { session: session({ departmentId: 'support', lastOperatorId: 'gone' }), firstCustomerMessage: false },
      { outcome: 'decided', audience: 'department', basis: 'unhandled_later_message', send: ['s2'], skip: {} },
    ],
    [
      'later message in a bot session the bot ignored → routed like a first message',
      { session: session({ status: 'bot' }), firstCustomerMessage: false, bot: after(GRACE + 1000) },
      {
        outcome: 'decided',
        audience: 'all_operators',
        basis: 'unhandled_later_message',
        send: ['s1', 's2', 'm1'],
        skip: { s3: 'online', s4: 'no_email', s5: 'muted', o1: 'online' },
      },
    ],
  ];

  it.each(cases)('%s', (_name, over, expected) => {
    const input: CustomerMessageInput = {
      session: session(),
      firstCustomerMessage: true,
      operators: OPERATORS,
      bot: after(0),
      ...over,
    };
    expect(summary(planOperatorEmails(input))).toEqual(expected);
  });

  it('returns the address to send to with each recipient', () => {
    const plan = planOperatorEmails({
      session: session({ lastOperatorId: 'm1' }),
      firstCustomerMessage: false,
      operators: OPERATORS,
      bot: after(0),
    });
    expect(plan).toEqual({
      outcome: 'decided',
      audience: 'last_handler',
      basis: 'later_message',
      decisions: [{ operatorId: 'm1', send: true, reason: 'offline', email: 'm1@example.com' }],
      // Everyone else is accounted for (explain): a later message goes to its handler only.
      excluded: OPERATORS.filter((o) => o.id !== 'm1').map((o) => ({ operatorId: o.id, reason: o.role === 'viewer' ? 'viewer' : 'not_last_handler' })),
    });
  });

  it('no operators at all → skip with a reason', () => {
    expect(planOperatorEmails({ session: session(), firstCustomerMessage: true, operators: [], bot: after(0) })).toEqual({
      outcome: 'skip',
      reason: 'no_operators',
    });
  });

  describe('bot sessions (HERALD_BOT_GRACE_S)', () => {
    const bot = session({ status: 'bot' });
    const plan = (b: CustomerMessageInput['bot'], s = bot) => planOperatorEmails({ session: s, firstCustomerMessage: true, operators: OPERATORS, bot: b });

    it.each([
      ['within grace, no reply yet → defer to the end of the grace', after(5_000), { outcome: 'defer', until: T0 + GRACE }],
      [
        'the bot replied within grace → nothing, even before the grace ends',
        { ...after(6_000), assistantReplyAt: T0 + 5_000 },
        { outcome: 'skip', reason: 'bot_answered' },
      ],
      ['a reply exactly at the deadline still counts', { ...after(GRACE + 5), assistantReplyAt: T0 + GRACE }, { outcome: 'skip', reason: 'bot_answered' }],
    ] as const)('%s', (_name, b, expected) => {
      expect(plan(b)).toEqual(expected);
    });

    it.each([
      ['grace over, no reply', after(GRACE)],
      ['the reply came too late', { ...after(GRACE + 10_000), assistantReplyAt: T0 + GRACE + 1 }],
      ['an older reply (before this message) does not count', { ...after(GRACE + 1), assistantReplyAt: T0 - 1 }],
    ])('%s → operators are emailed', (_name, b) => {
      expect(plan(b)).toMatchObject({ outcome: 'decided', audience: 'all_operators' });
    });

    it('a human took over during the grace (session left bot) → emailed despite the bot reply', () => {
      const taken = session({ status: 'waiting', departmentId: 'support' });
      expect(plan({ ...after(1_000), assistantReplyAt: T0 + 500 }, taken)).toMatchObject({
        outcome: 'decided',
        audience: 'department',
      });
    });

    it('botGraceVerdict ignores the grace outside bot sessions', () => {
      expect(botGraceVerdict('assigned', after(0))).toEqual({ kind: 'proceed' });
      expect(botGraceVerdict('bot', after(0))).toEqual({ kind: 'defer', until: T0 + GRACE });
    });
  });
});

describe('planCustomerEmail', () => {
  const customer = (over: Partial<CustomerReplyInput['customer']> = {}): CustomerReplyInput['customer'] => ({
    id: 'c1',
    online: false,
    email: 'ada@example.com',
    offlineSince: T0,
    lastEmailAt: null,
    ...over,
  });

  it.each([
    ['human reply, offline, never emailed → send', 'human', customer(), { send: true, reason: 'offline', email: 'ada@example.com' }],
    ['emailed in an earlier offline period → send', 'human', customer({ lastEmailAt: T0 - 1 }), { send: true, reason: 'offline' }],
    [
      'already emailed in this offline period → skip',
      'human',
      customer({ lastEmailAt: T0 + 1 }),
      { send: false, reason: 'already_emailed_this_offline_period' },
    ],
    ['emailed the instant the period began → skip', 'human', customer({ lastEmailAt: T0 }), { send: false, reason: 'already_emailed_this_offline_period' }],
    [
      'never seen online, emailed before → skip',
      'human',
      customer({ offlineSince: null, lastEmailAt: T0 }),
      { send: false, reason: 'already_emailed_this_offline_period' },
    ],
    ['never seen online, never emailed → send', 'human', customer({ offlineSince: null }), { send: true, reason: 'offline' }],
    ['customer online → skip', 'human', customer({ online: true }), { send: false, reason: 'online' }],
    ['customer muted chat → skip', 'human', customer({ muted: true }), { send: false, reason: 'muted' }],
    ['no email address → skip', 'human', customer({ email: null }), { send: false, reason: 'no_email' }],
    ['AI reply → skip', 'ai', customer(), { send: false, reason: 'not_human_reply' }],
    ['system message → skip', 'system', customer(), { send: false, reason: 'not_human_reply' }],
  ] as const)('%s', (_name, author, c, expected) => {
    expect(planCustomerEmail({ author, customer: c })).toMatchObject({ customerId: 'c1', ...expected });
  });

  it('one email per offline period across a sequence of replies', () => {
    const state = customer();
    const reply = () => {
      const d = planCustomerEmail({ author: 'human', customer: { ...state } });
      if (d.send) state.lastEmailAt = state.offlineSince! + 1000; // the engine records the queued email
      return d.send;
    };
    expect([reply(), reply(), reply()]).toEqual([true, false, false]);
    // Back online, then offline again: a new period.
    state.offlineSince = T0 + 60_000;
    expect([reply(), reply()]).toEqual([true, false]);
  });
});
