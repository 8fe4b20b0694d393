import { describe, expect, it } from 'vitest';
import type { EventPayload } from '../../core/outbox.js';
import { DEFAULT_PREFERENCES } from '../../core/preferences.js';
import type { Row } from '../../store/schema.js';
import { OPERATOR_ASSIGNED_TEXT, intentsForEvent, planIntent } from './push-rules.js';

const ev = (event: EventPayload['event'], over: Partial<EventPayload> = {}): EventPayload => ({
  id: 'evt_1',
  event,
  sessionId: 'ses_1',
  customerId: 'c1',
  agentId: 'agt_1',
  channel: 'mobile',
  seq: 2,
  text: 'Your order shipped',
  author: { type: 'ai' },
  occurredAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

const device = (id: string, provider: string, over: Partial<Row<'devices'>> = {}): Row<'devices'> => ({
  id,
  owner_type: 'customer',
  owner_id: 'c1',
  platform: 'mobile',
  provider,
  token: `t-${id}`,
  token_hash: id,
  app_version: null,
  os_version: null,
  hardware_id: null,
  locale: null,
  disabled: 0,
  disabled_reason: null,
  last_seen_at: 0,
  created_at: 0,
  ...over,
});

describe('intentsForEvent', () => {
  it('turns an AI or operator reply into a chat notification for the customer', () => {
    const [i] = intentsForEvent(ev('message.assistant'), undefined, undefined);
    expect(i).toMatchObject({ recipient: { type: 'customer', id: 'c1' }, category: 'chat', data: { type: 'chat', conversationId: 'ses_1' } });
  });

  it('asks a resolved ticket for CSAT', () => {
    const [i] = intentsForEvent(ev('session.resolved', { text: null }), undefined, undefined);
    expect(i).toMatchObject({ category: 'ticket', data: { type: 'ticket', ticketId: 'ses_1', csat: 'true' } });
  });

  it('tells an operator about an assignment and about customer messages in sessions they handle', () => {
    expect(intentsForEvent(ev('session.assigned', { operatorId: 'op_1' }), undefined, undefined)[0]).toMatchObject({
      recipient: { type: 'operator', id: 'op_1' },
      body: OPERATOR_ASSIGNED_TEXT,
    });
    const [m] = intentsForEvent(ev('message.user', { text: 'help' }), { assignedOperatorId: null, lastOperatorId: 'op_2' }, undefined);
    expect(m).toMatchObject({ recipient: { type: 'operator', id: 'op_2' }, body: 'New message: help' });
    expect(intentsForEvent(ev('message.user'), { assignedOperatorId: null, lastOperatorId: null }, undefined)).toEqual([]);
  });

  it('ignores customer messages for the customer and events without a customer', () => {
    expect(intentsForEvent(ev('message.assistant', { customerId: null }), undefined, undefined)).toEqual([]);
    expect(intentsForEvent(ev('session.started'), undefined, undefined)).toEqual([]);
  });
});

describe('planIntent', () => {
  const [intent] = intentsForEvent(ev('message.assistant'), undefined, undefined);
  const facts = { devices: [device('d1', 'fcm'), device('d2', 'telegram')], preferences: DEFAULT_PREFERENCES, online: false, locale: 'ru', preview: false };

  it('fans out to every device, localized', () => {
    const out = planIntent(intent!, facts);
    expect(out.map((d) => [d.channel, d.target, d.status])).toEqual([
      ['fcm', 'd1', 'queued'],
      ['telegram', 'd2', 'queued'],
    ]);
    expect(JSON.parse(out[0]!.payload)).toMatchObject({ title: 'Поддержка', body: 'Новое сообщение от оператора', collapseId: 'ses_1' });
  });

  it('shows the message text when the workspace allows previews', () => {
    expect(JSON.parse(planIntent(intent!, { ...facts, locale: 'en', preview: true })[0]!.payload).body).toBe('Your order shipped');
  });

  it.each([
    [{ online: true }, /online/],
    [{ preferences: { ...DEFAULT_PREFERENCES, chatMessages: false } }, /muted/],
  ])('skips every device with the reason when %j', (over, reason) => {
    const out = planIntent(intent!, { ...facts, ...over });
    expect(out.every((d) => d.status === 'skipped' && reason.test(d.reason!))).toBe(true);
  });

  it('skips a disabled device only', () => {
    const out = planIntent(intent!, { ...facts, devices: [device('d1', 'fcm'), device('d2', 'telegram', { disabled: 1, disabled_reason: 'blocked' })] });
    expect(out.map((d) => d.status)).toEqual(['queued', 'skipped']);
  });

  it('sends ticket notifications to online customers too', () => {
    const [ticket] = intentsForEvent(ev('session.resolved'), undefined, undefined);
    expect(planIntent(ticket!, { ...facts, online: true }).every((d) => d.status === 'queued')).toBe(true);
  });
});

describe('campaign messages', () => {
  it('reach only the devices of the stage channel', () => {
    const phone = device('d1', 'fcm');
    const chat = device('d2', 'telegram', { platform: 'tma' });
    const base = { preferences: DEFAULT_PREFERENCES, online: false, locale: null, preview: false, devices: [phone, chat] };
    const plan = (channel: string) =>
      planIntent(intentsForEvent(ev('message.assistant', { campaignChannel: channel }), undefined, undefined)[0]!, base).map((d) => d.target);
    expect(plan('mobile_push')).toEqual(['d1']);
    expect(plan('telegram')).toEqual(['d2']);
    expect(plan('email')).toEqual([]);
  });
});
