import { describe, expect, it } from 'vitest';
import { audienceExclusions, selectOperatorAudience, type OperatorFacts, type SessionFacts } from './email-rules.js';

const op = (id: string, over: Partial<OperatorFacts> = {}): OperatorFacts => ({
  id,
  role: 'operator',
  online: false,
  email: `${id}@x.test`,
  departmentIds: [],
  ...over,
});
const OPERATORS = [
  op('s1', { departmentIds: ['sales'] }),
  op('s2', { departmentIds: ['sales'], online: true }),
  op('v1', { role: 'viewer', departmentIds: ['sales'] }),
  op('x1'),
  op('x2'),
];
const session = (over: Partial<SessionFacts> = {}): SessionFacts => ({
  status: 'waiting',
  departmentId: null,
  assignedOperatorId: null,
  lastOperatorId: null,
  ...over,
});

// Who a customer message left out, and why: the part of explain no delivery row can tell.
describe('audienceExclusions', () => {
  it.each([
    ['department, first message', session({ departmentId: 'sales' }), true, { v1: 'viewer', x1: 'not_in_department', x2: 'not_in_department' }],
    ['assigned, first message', session({ assignedOperatorId: 'x1' }), true, { s1: 'not_assigned', s2: 'not_assigned', v1: 'viewer', x2: 'not_assigned' }],
    [
      'later message, last handler',
      session({ lastOperatorId: 'x2', departmentId: 'sales' }),
      false,
      { s1: 'not_last_handler', s2: 'not_last_handler', v1: 'viewer', x1: 'not_last_handler' },
    ],
    ['everyone', session(), true, { v1: 'viewer' }],
    ['empty department falls back to everyone', session({ departmentId: 'nobody' }), true, { v1: 'viewer' }],
  ] as const)('%s', (_name, s, first, expected) => {
    const selected = selectOperatorAudience({ session: s, firstCustomerMessage: first, operators: OPERATORS });
    const got = Object.fromEntries(audienceExclusions(OPERATORS, selected).map((x) => [x.operatorId, x.reason]));
    expect(got).toEqual(expected);
    // Everyone is either in the audience or excluded with a reason: nobody is left unexplained.
    expect(Object.keys(got).length + selected.members.length).toBe(OPERATORS.length);
  });
});
