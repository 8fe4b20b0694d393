import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../core/outbox.js';
import { planWebhook, webhookSkip } from './webhook-rules.js';

const event = (type: EventPayload['event'], over: Partial<EventPayload> = {}): EventPayload => ({
  id: 'evt_1',
  event: type,
  sessionId: 'ses_1',
  customerId: 'c1',
  agentId: 'agt_1',
  channel: 'mobile',
  seq: 3,
  text: 'hi',
  author: { type: 'customer', id: 'c1' },
  occurredAt: '2026-01-01T00:00:00.000Z',
  ...over,
});
const cfg = { agentId: 'agt_1', enabled: true, url: 'https://hooks.example.com/x', events: ['message.user', 'session.started'] };

describe('planWebhook', () => {
  it.each([
    ['message.user', cfg, true],
    ['session.started', cfg, true],
    ['message.assistant', cfg, false],
    ['session.transferred', cfg, false],
    ['session.resolved', { ...cfg, events: ['message.user'] }, false],
    ['message.user', { ...cfg, enabled: false }, false],
    ['push_config.test', { ...cfg, enabled: false, events: [] }, true],
    ['notification.action', { ...cfg, events: ['message.user'] }, true],
  ] as const)('%s with %j → send %s', (type, c, expected) => {
    expect(planWebhook(event(type), c) !== undefined).toBe(expected);
  });

  it('sends nothing for an agent without configuration', () => {
    expect(planWebhook(event('message.user'), undefined)).toBeUndefined();
  });

  it('freezes the body at planning time: the event as is, to the configured URL', () => {
    const d = planWebhook(event('message.user'), cfg)!;
    expect(d).toMatchObject({ channel: 'webhook', target: cfg.url, recipientType: 'agent', recipientId: 'agt_1', status: 'queued' });
    expect(JSON.parse(d.payload)).toEqual(event('message.user'));
  });
});

describe('webhookSkip (explain)', () => {
  it.each([
    ['message.user', cfg, undefined],
    ['message.assistant', cfg, /does not receive message\.assistant events \(it receives message\.user, session\.started\)/],
    ['message.user', { ...cfg, enabled: false }, /turned off/],
    ['push_config.test', { ...cfg, enabled: false }, undefined],
  ] as const)('%s with %j', (type, c, expected) => {
    const skip = webhookSkip(event(type), c);
    if (expected === undefined) expect(skip).toBeUndefined();
    else
      expect(skip).toMatchObject({
        recipientType: 'agent',
        recipientIds: ['agt_1'],
        channel: 'webhook',
        decision: 'skipped',
        rule: 'webhook.subscription',
        reason: expect.stringMatching(expected),
      });
  });

  it('an agent without a configuration was never a candidate', () => {
    expect(webhookSkip(event('message.user'), undefined)).toBeUndefined();
  });
});
