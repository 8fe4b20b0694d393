import { currentLocale } from '../i18n';
import type { Channel, DeliveryStatus, SessionStatus } from './types';

// Labels for these values live in the translation catalogues (channel.*, status.*).
export const CHANNELS: Channel[] = ['mobile', 'web', 'telegram', 'sms', 'email', 'api'];

export const SESSION_STATUSES: SessionStatus[] = ['bot', 'waiting', 'assigned', 'resolved'];

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
  held: 'indigo',
  scheduled: 'cyan',
};

/** Provider names: proper names, the same in every language. */
export const DELIVERY_CHANNELS = ['webhook', 'webpush', 'fcm', 'apns', 'telegram', 'sms', 'email', 'beams', 'onesignal'];

/** A date and time in the operator's chosen language (not the browser's). */
export function when(iso: string | null | undefined): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(currentLocale(), { dateStyle: 'short', timeStyle: 'medium' }).format(new Date(iso));
}

/** A count in the operator's chosen language (1,234 / 1 234). */
export const num = (n: number): string => new Intl.NumberFormat(currentLocale()).format(n);

export const shortId = (id: string | null | undefined) => (id ? (id.length > 14 ? `${id.slice(0, 6)}…${id.slice(-6)}` : id) : '—');
