import { DeviceRegistry, withDefaultProvider } from './device-registry.js';
import { HeraldHttp, type TokenSource, defaultFetch } from './http.js';
import { MessageFeed } from './message-feed.js';
import type {
  ConnectionState,
  Device,
  DeviceRegistration,
  FetchLike,
  KeyValueStorage,
  Message,
  NotificationPreferences,
  Platform,
  QuietHours,
  Session,
  SessionChannel,
  TransportMode,
  WebPushSubscriptionLike,
} from './types.js';

export interface HeraldOptions {
  /** Where Herald (or your proxy to it) answers, e.g. https://support.example.com. */
  serverUrl: string;
  /** The customer's id in your app: the `sub` of the session token. */
  userId: string;
  /** The customer token your backend minted; a function is asked before every call (refresh). */
  sessionToken: TokenSource;
  /** Registered at once as platform `mobile`, provider `fcm`. */
  fcmToken?: string;
  /** Registered at once as platform `mobile`, provider `apns`. */
  apnsToken?: string;
  /** Registered at once as platform `web`, provider `webpush` (token = the subscription's JSON). */
  webPushSubscription?: WebPushSubscriptionLike | string;
  /** Registered at once as platform `tma`, provider `telegram`. */
  telegramChatId?: string | number;
  fetch?: FetchLike;
  /** Remembers registered tokens across runs (localStorage, AsyncStorage). */
  storage?: KeyValueStorage;
  /** How onMessage listens; `auto` by default. */
  transport?: TransportMode;
  /** Polling period where polling is used; 3000 ms by default. */
  pollIntervalMs?: number;
  /** Background failures: a dropped stream, a failed poll, storage errors. Quiet by default. */
  onError?: (err: unknown) => void;
}

export interface HeraldClient {
  readonly userId: string;
  /** Settles when the devices given at creation are registered (rejects if that failed). */
  readonly ready: Promise<void>;
  /** How onMessage listens right now. */
  readonly connection: ConnectionState;
  registerDevice(device: DeviceRegistration): Promise<Device>;
  unregisterDevice(token: string): Promise<void>;
  listDevices(): Promise<Device[]>;
  getPreferences(): Promise<NotificationPreferences>;
  setPreferences(patch: Partial<NotificationPreferences>): Promise<NotificationPreferences>;
  startSession(options: { agentId: string; channel?: SessionChannel; departmentId?: string }): Promise<Session>;
  getSession(sessionId: string): Promise<Session>;
  sendMessage(sessionId: string, text: string): Promise<Message>;
  listMessages(sessionId: string, options?: { after?: number; limit?: number }): Promise<{ items: Message[] }>;
  /**
   * Calls `cb` once per message of the session, never twice for a seq: first those after
   * `after` (default 0: the whole conversation so far, in order), then new ones as they come.
   * Pass the last seq you already show to skip history.
   */
  onMessage(sessionId: string, cb: (message: Message) => void, options?: { after?: number; markRead?: boolean }): () => void;
  /**
   * The app showed the conversation up to `seq`: pending notifications about it (a scheduled email,
   * pushes held by quiet hours) are cancelled, and the customer's other devices hear `session.read`.
   * `onMessage(…, { markRead: true })` does this after each message it delivers to `cb`.
   */
  markRead(sessionId: string, seq: number): Promise<void>;
  /**
   * The customer's quiet hours in their IANA time zone ("22:00"–"07:00"); `null` turns them off.
   * Push, SMS and email due inside the window wait for its end and come as one summary.
   */
  setQuietHours(quietHours: QuietHours | null, timezone?: string): Promise<void>;
  /**
   * The push token rotated: registers the new one, then unregisters the old one. A string is a
   * mobile (FCM/APNs) token unless `platform` says otherwise; a subscription object means web.
   */
  updateToken(newToken: string | WebPushSubscriptionLike, platform?: Platform): Promise<Device>;
  /**
   * Stops every stream and unregisters every device this client (or an earlier run, with
   * `storage`) registered — sign-out. `keepDevices` only stops the streams.
   */
  teardown(options?: { keepDevices?: boolean }): Promise<void>;
}

export function createHerald(options: HeraldOptions): HeraldClient {
  for (const field of ['serverUrl', 'userId', 'sessionToken'] as const) {
    if (!options?.[field]) throw new TypeError(`createHerald needs ${field}.`);
  }
  const onError = options.onError ?? (() => undefined);
  const http = new HeraldHttp(options.serverUrl, options.sessionToken, options.fetch ?? defaultFetch());
  const devices = new DeviceRegistry(http, options.storage, `herald:${http.baseUrl}:${options.userId}:devices`, onError);
  const path = (sessionId: string) => `/api/sessions/${encodeURIComponent(sessionId)}`;

  const listMessages = (sessionId: string, o: { after?: number; limit?: number } = {}) => {
    // Built by hand: React Native's URLSearchParams lacks set() on older versions.
    const q = [o.after !== undefined && `after=${Number(o.after)}`, o.limit !== undefined && `limit=${Number(o.limit)}`].filter(Boolean);
    return http.json<{ items: Message[] }>('GET', `${path(sessionId)}/messages${q.length ? `?${q.join('&')}` : ''}`);
  };
  const getSession = (sessionId: string) => http.json<Session>('GET', path(sessionId));
  const markRead = async (sessionId: string, seq: number) => {
    await http.json('POST', `${path(sessionId)}/read`, { seq });
  };

  const feed = new MessageFeed({
    http,
    list: async (sessionId, after, limit) => (await listMessages(sessionId, { after, limit })).items,
    mode: options.transport ?? 'auto',
    pollIntervalMs: options.pollIntervalMs ?? 3000,
    onError,
  });

  const ready = (async () => {
    await devices.load();
    for (const reg of initialDevices(options)) {
      const d = withDefaultProvider(reg);
      // A different token of the same kind from an earlier run rotated while the app was closed.
      await devices.replace(d, devices.othersOfKind(d.platform, d.provider, d.token));
    }
    await devices.flushPending();
  })();
  // The app may never await `ready`; its failure must not surface as an unhandled rejection.
  ready.catch(() => undefined);

  let tornDown: Promise<void> | null = null;
  const alive = () => {
    if (tornDown) throw new Error('This Herald client was torn down; create a new one.');
  };

  return {
    userId: options.userId,
    ready,
    get connection() {
      return feed.state;
    },
    async registerDevice(device) {
      alive();
      return devices.register(device);
    },
    unregisterDevice(token) {
      return devices.unregister(token);
    },
    async listDevices() {
      const body = await http.json<{ items: Device[] } | Device[]>('GET', '/api/devices');
      return Array.isArray(body) ? body : body.items;
    },
    getPreferences() {
      return http.json<NotificationPreferences>('GET', '/api/settings/notifications');
    },
    setPreferences(patch) {
      return http.json<NotificationPreferences>('PUT', '/api/settings/notifications', patch);
    },
    startSession({ agentId, channel, departmentId }) {
      return http.json<Session>('POST', '/api/sessions', { agentId, ...(channel && { channel }), ...(departmentId && { departmentId }) });
    },
    getSession,
    sendMessage(sessionId, text) {
      return http.json<Message>('POST', `${path(sessionId)}/messages`, { text });
    },
    listMessages,
    onMessage(sessionId, cb, o = {}) {
      if (tornDown) return () => undefined;
      if (!o.markRead) return feed.subscribe(sessionId, cb, o.after);
      const reader = readReceipts((seq) => markRead(sessionId, seq), onError);
      return feed.subscribe(
        sessionId,
        (m) => {
          cb(m);
          reader(m.seq);
        },
        o.after,
      );
    },
    markRead,
    async setQuietHours(quietHours, timezone) {
      const tz = timezone ?? (quietHours ? Intl.DateTimeFormat().resolvedOptions().timeZone : undefined);
      await http.json('PUT', `/api/customers/${encodeURIComponent(options.userId)}`, { quietHours, ...(tz && { timezone: tz }) });
    },
    async updateToken(newToken, platform) {
      alive();
      const token = typeof newToken === 'string' ? newToken : JSON.stringify(newToken);
      const kind: Platform = platform ?? (typeof newToken === 'string' ? 'mobile' : 'web');
      // Let the first registration land, so "old" really is the token it registered.
      await ready.catch(() => undefined);
      const current = devices.latest(kind);
      const next = withDefaultProvider({ platform: kind, token, ...(current && { provider: current.provider }) });
      return devices.replace(next, devices.othersOfKind(next.platform, next.provider, token));
    },
    teardown(o = {}) {
      tornDown ??= (async () => {
        feed.close();
        await ready.catch(() => undefined);
        if (!o.keepDevices) await devices.removeAll();
      })();
      return tornDown;
    },
  };
}

function initialDevices(o: HeraldOptions): DeviceRegistration[] {
  const list: DeviceRegistration[] = [];
  if (o.fcmToken) list.push({ platform: 'mobile', provider: 'fcm', token: o.fcmToken });
  if (o.apnsToken) list.push({ platform: 'mobile', provider: 'apns', token: o.apnsToken });
  if (o.webPushSubscription) {
    const s = o.webPushSubscription;
    list.push({ platform: 'web', provider: 'webpush', token: typeof s === 'string' ? s : JSON.stringify(s) });
  }
  if (o.telegramChatId !== undefined && o.telegramChatId !== '') {
    list.push({ platform: 'tma', provider: 'telegram', token: String(o.telegramChatId) });
  }
  return list;
}

/**
 * Sends the highest seq seen, one request at a time: a burst of history delivered to onMessage
 * becomes one or two receipts, not one per message.
 */
function readReceipts(send: (seq: number) => Promise<void>, onError: (err: unknown) => void): (seq: number) => void {
  let sent = 0;
  let wanted = 0;
  let busy = false;
  const flush = async () => {
    if (busy) return;
    busy = true;
    while (wanted > sent) {
      const seq = wanted;
      try {
        await send(seq);
        sent = seq;
      } catch (err) {
        onError(err);
        break;
      }
    }
    busy = false;
  };
  return (seq) => {
    if (seq > wanted) wanted = seq;
    // Let the rest of a synchronous burst arrive first.
    if (!busy) void Promise.resolve().then(flush);
  };
}
