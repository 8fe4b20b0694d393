import { describe, expect, it } from 'vitest';
import { explainRow } from './decision-catalogue.js';
import { DecisionLog, parseDecisions } from './decisions.js';

const NOW = 1_000_000;
const row = (channel: string, recipientType: string, status: string, reason: string | null, nextAttemptAt: number | null = null) => ({
  channel,
  recipientType,
  status,
  reason,
  nextAttemptAt,
});

// Every reason the rules and senders write maps to a rule name and a sentence.
describe('explainRow', () => {
  it.each([
    [row('email', 'operator', 'delivered', null), 'message.user', 'sent', 'email.audience', /audience and were offline/],
    [row('email', 'operator', 'queued', null, NOW + 5000), 'message.user', 'scheduled', 'email.audience', /waits for its time/],
    [row('email', 'operator', 'skipped', 'online: online now, so they see it live'), 'message.user', 'skipped', 'email.presence', /online/],
    [
      row('email', 'operator', 'skipped', 'bot_answered: the bot answered within 20 s and no human took over'),
      'message.user',
      'skipped',
      'email.bot-grace',
      /^The bot answered within 20 s/,
    ],
    [
      row('email', 'customer', 'skipped', 'already_emailed_this_offline_period: already emailed once while offline; one email per offline period'),
      'message.assistant',
      'skipped',
      'email.once-per-offline-period',
      /already emailed/,
    ],
    [row('email', 'operator', 'skipped', 'no_email: no email address on file'), 'message.user', 'skipped', 'email.contact', /^No email address on file\.$/],
    [row('email', 'operator', 'skipped', 'digest: digest mode: it goes out in the next digest email'), 'message.user', 'skipped', 'email.digest', /digest/],
    [
      row('fcm', 'customer', 'skipped', 'muted: the recipient turned off chat notifications'),
      'message.assistant',
      'skipped',
      'push.mute',
      /turned these notifications off/,
    ],
    [
      row('webpush', 'customer', 'skipped', 'the recipient is online; chat notifications go only to offline recipients'),
      'message.assistant',
      'skipped',
      'push.presence',
      /online/,
    ],
    [row('apns', 'customer', 'cancelled', 'the device is disabled (unregistered)'), 'message.assistant', 'cancelled', 'push.device-state', /disabled/],
    [row('fcm', 'customer', 'delivered', null), 'message.assistant', 'sent', 'push.presence', /offline/],
    [row('webhook', 'agent', 'failed', 'HTTP 500'), 'message.user', 'sent', 'webhook.subscription', /Delivery failed: HTTP 500/],
    [
      row('sms', 'customer', 'skipped', 'not_configured: SMS (Twilio) is not configured: TWILIO_FROM is missing'),
      'message.assistant',
      'skipped',
      'sms.provider',
      /not configured/,
    ],
    [row('email', 'customer', 'held', 'quiet hours'), 'message.assistant', 'held', 'email.quiet-hours', /quiet hours/],
    [row('email', 'customer', 'cancelled', 'summarized'), 'message.assistant', 'cancelled', 'email.quiet-hours', /summary/],
    [row('email', 'customer', 'cancelled', 'read'), 'message.assistant', 'cancelled', 'email.escalation', /read the conversation/],
    [row('fcm', 'customer', 'cancelled', 'online'), 'message.assistant', 'cancelled', 'push.escalation', /came online/],
    [row('email', 'customer', 'skipped', 'something new'), 'message.assistant', 'skipped', 'email.delivery', /^Something new\.$/],
  ])('%j on %s', (r, event, decision, rule, reason) => {
    const x = explainRow(r, event, NOW);
    expect(x).toMatchObject({ decision, rule });
    expect(x.reason).toMatch(reason);
  });
});

describe('DecisionLog', () => {
  it('groups candidates with the same outcome into one entry', () => {
    const log = new DecisionLog();
    const d = { recipientType: 'operator' as const, channel: 'email', decision: 'skipped' as const, rule: 'email.audience', reason: 'Not in the department.' };
    log.note('evt_1', { ...d, recipientIds: ['a'] });
    log.note('evt_1', { ...d, recipientIds: ['b', 'a'] });
    log.note('evt_1', { ...d, recipientIds: ['c'], reason: 'Viewer.' });
    log.note('evt_2', { ...d, recipientIds: [] });
    expect(log.size).toBe(1);
    const stored = (log as unknown as { byEvent: Map<string, unknown> }).byEvent.get('evt_1');
    expect(parseDecisions(JSON.stringify(stored))).toEqual([
      { ...d, recipientIds: ['a', 'b'] },
      { ...d, recipientIds: ['c'], reason: 'Viewer.' },
    ]);
  });
});
