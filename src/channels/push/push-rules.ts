/**
 * Pure rules for notifications to people's devices: which events become which notifications,
 * and which devices get them (muted categories, presence, disabled devices). No I/O.
 */
import type { NotificationAction } from '../../core/notifications.js';
import type { EventPayload } from '../../core/outbox.js';
import { CATEGORY_PREFERENCE, type Category, type Preferences } from '../../core/preferences.js';
import type { PushMessage } from '../../providers/provider.js';
import { type PushTextKind, pushTexts } from '../../providers/push-texts.js';
import type { Row } from '../../store/schema.js';
import type { UnsentDecision } from '../../engine/decisions.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';

export interface Intent {
  eventId: string;
  /** Set for notifications that already have a row (POST /api/notifications, Intercom). */
  notificationId?: string;
  recipient: { type: 'customer' | 'operator'; id: string };
  category: Category;
  title?: string | null;
  body?: string | null;
  /** Derived notifications take localized default texts of this kind. */
  textKind?: PushTextKind;
  preview?: string | null;
  data: Record<string, string>;
  actions: NotificationAction[];
  sessionId: string | null;
  /** Explicit notifications report "no devices" in the console; derived ones stay quiet. */
  explicit: boolean;
  /** A campaign stage reaches only the devices of its channel (Mobile Push: phones; Telegram: chats). */
  devices?: { platform?: string; provider?: string } | 'none';
}

const CAMPAIGN_DEVICES: Record<string, Intent['devices']> = {
  mobile_push: { platform: 'mobile' },
  telegram: { provider: 'telegram' },
  email: 'none',
  sms: 'none',
};

export interface SessionFacts {
  assignedOperatorId: string | null;
  lastOperatorId: string | null;
}

export const OPERATOR_ASSIGNED_TEXT = 'You have new session assigned.';

/** The notifications an event causes. */
export function intentsForEvent(e: EventPayload, session: SessionFacts | undefined, notification: Row<'notifications'> | undefined): Intent[] {
  const base = { eventId: e.id, sessionId: e.sessionId, actions: [] as NotificationAction[], explicit: false };
  switch (e.event) {
    case 'notification.created': {
      if (!notification) return [];
      return [
        {
          ...base,
          notificationId: notification.id,
          recipient: { type: notification.recipient_type, id: notification.recipient_id },
          category: notification.category,
          title: notification.title,
          body: notification.body,
          data: { type: notification.category, ...(JSON.parse(notification.data) as Record<string, string>) },
          actions: JSON.parse(notification.actions) as NotificationAction[],
          sessionId: notification.session_id,
          explicit: true,
        },
      ];
    }
    case 'message.assistant':
      // AI and human replies both reach the customer's devices (while offline).
      if (!e.customerId || !e.sessionId) return [];
      return [
        {
          ...base,
          recipient: { type: 'customer', id: e.customerId },
          category: 'chat',
          textKind: 'chat',
          preview: e.text,
          data: { type: 'chat', conversationId: e.sessionId },
          ...(typeof e.campaignChannel === 'string' && { devices: CAMPAIGN_DEVICES[e.campaignChannel] }),
        },
      ];
    case 'session.resolved':
      if (!e.customerId || !e.sessionId) return [];
      return [
        {
          ...base,
          recipient: { type: 'customer', id: e.customerId },
          category: 'ticket',
          textKind: 'ticket_resolved',
          data: { type: 'ticket', ticketId: e.sessionId, csat: 'true' },
        },
      ];
    case 'session.assigned':
    case 'session.transferred': {
      const operatorId = e.operatorId;
      if (!operatorId || !e.sessionId) return [];
      return [
        {
          ...base,
          recipient: { type: 'operator', id: operatorId },
          category: 'chat',
          title: 'Herald',
          body: OPERATOR_ASSIGNED_TEXT,
          data: { type: 'session', conversationId: e.sessionId },
        },
      ];
    }
    case 'message.user': {
      const operatorId = session?.assignedOperatorId ?? session?.lastOperatorId;
      if (!operatorId || !e.sessionId) return [];
      return [
        {
          ...base,
          recipient: { type: 'operator', id: operatorId },
          category: 'chat',
          title: 'Herald',
          body: `New message: ${truncate(e.text ?? '', 200)}`,
          data: { type: 'message', conversationId: e.sessionId },
        },
      ];
    }
    default:
      return [];
  }
}

export interface DeviceFacts {
  devices: ReadonlyArray<Row<'devices'>>;
  preferences: Preferences;
  online: boolean;
  locale: string | null;
  /** Workspace setting: show the message text instead of the generic body. */
  preview: boolean;
  /** Link opened when the notification is clicked (portal for operators). */
  url?: string;
}

/** One delivery per device of the recipient, queued or skipped with the reason. */
export function planIntent(intent: Intent, facts: DeviceFacts): PlannedDelivery[] {
  const common = {
    eventId: intent.eventId,
    notificationId: intent.notificationId,
    recipientType: intent.recipient.type,
    recipientId: intent.recipient.id,
    agentId: null,
    sessionId: intent.sessionId,
    customerId: intent.recipient.type === 'customer' ? intent.recipient.id : null,
  };
  const filter = intent.devices;
  const devices =
    filter === 'none'
      ? []
      : facts.devices.filter((d) => (!filter?.platform || d.platform === filter.platform) && (!filter?.provider || d.provider === filter.provider));
  if (devices.length === 0) {
    if (!intent.explicit) return [];
    return [{ ...common, channel: 'push', target: '-', payload: '{}', status: 'skipped', reason: 'the recipient has no registered devices' }];
  }
  const muted = !facts.preferences[CATEGORY_PREFERENCE[intent.category]];
  const presenceBlocks = intent.category === 'chat' && intent.recipient.type === 'customer' && facts.online;
  const payload = JSON.stringify(buildMessage(intent, facts));
  return devices.map((d): PlannedDelivery => {
    const reason = muted
      ? `muted: the recipient turned off ${CATEGORY_PREFERENCE[intent.category]} notifications`
      : presenceBlocks
        ? 'the recipient is online; chat notifications go only to offline recipients'
        : d.disabled
          ? `the device is disabled (${d.disabled_reason ?? 'unknown reason'})`
          : undefined;
    return {
      ...common,
      channel: d.provider,
      target: d.id,
      destination: deviceDestination(d.provider, d.token),
      payload,
      status: reason ? 'skipped' : 'queued',
      reason,
    };
  });
}

/**
 * A derived notification to someone with no device (of the campaign stage's kind) leaves no row:
 * it would fill the console with one per message. Explain still says so.
 */
export function noDeviceDecision(intent: Intent): UnsentDecision {
  const campaign = intent.devices === 'none' ? undefined : intent.devices;
  return {
    recipientType: intent.recipient.type,
    recipientIds: [intent.recipient.id],
    channel: 'push',
    decision: 'skipped',
    rule: 'push.devices',
    reason: campaign
      ? `They have no registered device of this campaign stage's kind (${campaign.platform ?? campaign.provider}).`
      : 'They have no registered device to notify.',
  };
}

/** Web Push attempts go to the browser vendor's push service named in the subscription. */
function deviceDestination(provider: string, token: string): string {
  if (provider !== 'webpush') return provider;
  try {
    return `webpush:${new URL((JSON.parse(token) as { endpoint: string }).endpoint).origin}`;
  } catch {
    return provider;
  }
}

function buildMessage(intent: Intent, facts: DeviceFacts): Omit<PushMessage, 'notificationId'> & { notificationId: string } {
  const texts = intent.textKind ? pushTexts(intent.textKind, { locale: facts.locale, preview: facts.preview ? intent.preview : null }) : undefined;
  const conversationId = intent.data.conversationId ?? intent.data.ticketId;
  return {
    notificationId: intent.notificationId ?? '',
    title: intent.title ?? texts?.title ?? 'Support',
    body: intent.body ?? texts?.body ?? '',
    data: intent.data,
    ...(conversationId && { collapseId: conversationId }),
    ...(intent.actions.length && { actions: intent.actions }),
    ...(facts.url && { url: facts.url }),
    urgency: intent.category === 'chat' ? 'high' : 'normal',
    ttlSeconds: 24 * 3600,
  };
}

function truncate(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}
