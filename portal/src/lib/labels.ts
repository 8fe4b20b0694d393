import type { DeliveryStatus, SessionStatus } from './types';

export const CHANNELS = [
  { value: 'mobile', label: 'Mobile' },
  { value: 'web', label: 'Web' },
  { value: 'telegram', label: 'Telegram' },
  { value: 'sms', label: 'SMS' },
  { value: 'email', label: 'Email' },
  { value: 'api', label: 'API' },
];

export const SESSION_STATUSES: Array<{ value: SessionStatus; label: string }> = [
  { value: 'bot', label: 'Bot' },
  { value: 'waiting', label: 'Waiting' },
  { value: 'assigned', label: 'Assigned' },
  { value: 'resolved', label: 'Resolved' },
];

export const SESSION_STATUS_COLOR: Record<SessionStatus, string> = {
  bot: 'grape',
  waiting: 'orange',
  assigned: 'blue',
  resolved: 'gray',
};

export const DELIVERY_STATUSES: DeliveryStatus[] = ['queued', 'sending', 'retrying', 'delivered', 'failed', 'skipped', 'cancelled'];

export const DELIVERY_STATUS_COLOR: Record<DeliveryStatus, string> = {
  queued: 'gray',
  sending: 'blue',
  retrying: 'yellow',
  delivered: 'green',
  failed: 'red',
  skipped: 'gray',
  cancelled: 'dark',
};

export const DELIVERY_CHANNELS = ['webhook', 'webpush', 'fcm', 'apns', 'telegram', 'sms', 'email', 'beams', 'onesignal'];

export const channelLabel = (c: string) => CHANNELS.find((x) => x.value === c)?.label ?? c;

export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

export const shortId = (id: string | null | undefined) => (id ? (id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id) : '—');
