import type { Bus } from '../../bus/bus.js';
import { insertNotification } from '../../core/notifications.js';
import type { Db } from '../../core/outbox.js';
import { DEFAULT_PREFERENCES, type Preferences } from '../../core/preferences.js';
import type { SettingsStore } from '../../core/settings.js';
import type { ActionTokens } from '../../security/action-tokens.js';
import type { Row } from '../../store/schema.js';
import { listSql, runListSql } from '../../store/raw-sql.js';
import { currentWorkspace } from '../../store/workspace-scope.js';
import type { PlanStage } from '../../engine/planned-delivery.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';
import { type Intent, intentsForEvent, noDeviceDecision, planIntent } from './push-rules.js';

export interface PushSettings {
  /** Show the message text in chat notifications instead of the generic "New message" body. */
  messagePreview: boolean;
}
export const PUSH_SETTINGS_KEY = 'push';
export const DEFAULT_PUSH_SETTINGS: PushSettings = { messagePreview: false };

const PUSH_EVENTS = new Set(['notification.created', 'message.assistant', 'message.user', 'session.resolved', 'session.assigned', 'session.transferred']);

/** Plans notifications to customers' and operators' devices for a batch of events. */
export function pushStage(deps: { bus: Bus; settings: SettingsStore; publicUrl: string; actionTokens: ActionTokens }): PlanStage {
  return {
    name: 'push',
    async plan(events, tx, now, decisions) {
      const relevant = events.filter((e) => PUSH_EVENTS.has(e.event));
      if (relevant.length === 0) return [];
      const sessionIds = ids(relevant.filter((e) => e.event === 'message.user').map((e) => e.sessionId));
      const notificationIds = ids(relevant.map((e) => e.notificationId));
      const sessions = byId(sessionIds.length ? await operatorsOfSessions(tx, sessionIds) : []);
      const notifications = byId(notificationIds.length ? await tx.selectFrom('notifications').selectAll().where('id', 'in', notificationIds).execute() : []);
      const intents: Intent[] = [];
      for (const e of relevant) {
        const s = e.sessionId ? sessions.get(e.sessionId) : undefined;
        const facts = s && { assignedOperatorId: s.assigned_operator_id, lastOperatorId: s.last_operator_id };
        intents.push(...intentsForEvent(e, facts, notifications.get(e.notificationId as string)));
      }
      if (intents.length === 0) return [];

      const recipients = intents.map((i) => i.recipient);
      const devices = await devicesOf(tx, recipients);
      const prefs = await preferencesOf(tx, recipients);
      const locales = await customerLocales(
        tx,
        recipients.filter((r) => r.type === 'customer').map((r) => r.id),
      );
      const settings = await deps.settings.get(PUSH_SETTINGS_KEY, DEFAULT_PUSH_SETTINGS, tx);
      const online = new Map<string, boolean>();
      const out: PlannedDelivery[] = [];
      for (const intent of intents) {
        const key = `${intent.recipient.type}:${intent.recipient.id}`;
        const own = devices.get(key) ?? [];
        if (own.length === 0 && !intent.explicit) {
          decisions.note(intent.eventId, noDeviceDecision(intent));
          continue;
        }
        if (!intent.notificationId) {
          // A derived notification gets its own row so it can be looked up (and acted on) later.
          const row = await insertNotification(
            tx,
            {
              recipientType: intent.recipient.type,
              recipientId: intent.recipient.id,
              category: intent.category,
              title: intent.title ?? undefined,
              body: intent.body ?? intent.preview ?? '',
              data: intent.data,
              sessionId: intent.sessionId ?? undefined,
            },
            now,
          );
          intent.notificationId = row.id;
        }
        if (intent.actions.length) {
          // The buttons post back with this token: bound to this notification and recipient.
          intent.data = { ...intent.data, actionToken: await deps.actionTokens.sign(intent.notificationId, intent.recipient, undefined, now) };
        }
        if (!online.has(key)) online.set(key, await deps.bus.presence.isOnline(intent.recipient.type, intent.recipient.id));
        const deviceLocale = own.find((d) => d.locale)?.locale ?? null;
        const planned = planIntent(intent, {
          devices: own,
          preferences: prefs.get(key) ?? DEFAULT_PREFERENCES,
          online: online.get(key)!,
          locale: (intent.recipient.type === 'customer' ? locales.get(intent.recipient.id) : null) ?? deviceLocale,
          preview: settings.messagePreview,
          url: intent.recipient.type === 'operator' && intent.sessionId ? `${deps.publicUrl}/sessions/${intent.sessionId}` : intent.data.url,
        });
        if (planned.length === 0) decisions.note(intent.eventId, noDeviceDecision(intent));
        out.push(...planned);
      }
      return out;
    },
  };
}

function ids(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}

function byId<R extends { id: string }>(rows: R[]): Map<string, R> {
  return new Map(rows.map((r) => [r.id, r]));
}

type Recipient = { type: 'customer' | 'operator'; id: string };

async function devicesOf(tx: Db, recipients: Recipient[]): Promise<Map<string, Array<Row<'devices'>>>> {
  const out = new Map<string, Array<Row<'devices'>>>();
  for (const type of ['customer', 'operator'] as const) {
    const ids = [...new Set(recipients.filter((r) => r.type === type).map((r) => r.id))];
    if (ids.length === 0) continue;
    const rows = await tx.selectFrom('devices').selectAll().where('owner_type', '=', type).where('owner_id', 'in', ids).orderBy('id').execute();
    for (const d of rows) {
      // Appended in place: copying the list per device made a 5,000-device owner quadratic.
      const key = `${type}:${d.owner_id}`;
      const list = out.get(key);
      if (list) list.push(d);
      else out.set(key, [d]);
    }
  }
  return out;
}

async function preferencesOf(tx: Db, recipients: Recipient[]): Promise<Map<string, Preferences>> {
  const out = new Map<string, Preferences>();
  for (const type of ['customer', 'operator'] as const) {
    const ids = [...new Set(recipients.filter((r) => r.type === type).map((r) => r.id))];
    if (ids.length === 0) continue;
    const rows = await tx.selectFrom('preferences').selectAll().where('owner_type', '=', type).where('owner_id', 'in', ids).execute();
    for (const p of rows) {
      out.set(`${type}:${p.owner_id}`, { chatMessages: p.chat_messages === 1, ticketUpdates: p.ticket_updates === 1, systemNotices: p.system_notices === 1 });
    }
  }
  return out;
}

async function customerLocales(tx: Db, ids: string[]): Promise<Map<string, string | null>> {
  const list = [...new Set(ids)];
  if (list.length === 0) return new Map();
  const rows = await tx.selectFrom('customers').select(['id', 'locale']).where('id', 'in', list).execute();
  return new Map(rows.map((r) => [r.id, r.locale]));
}

// Once per planned batch of chat messages: precompiled (store/raw-sql.ts), in the stage's workspace.
const SESSION_OPERATORS = listSql(
  'SELECT id, assigned_operator_id, last_operator_id FROM sessions WHERE id IN LIST(?) AND workspace_id = COALESCE(?, workspace_id)',
);

/** Who holds and who last answered each session: whose devices a customer's message notifies. */
async function operatorsOfSessions(tx: Db, sessionIds: string[]): Promise<Array<Pick<Row<'sessions'>, 'id' | 'assigned_operator_id' | 'last_operator_id'>>> {
  return (
    await runListSql<Pick<Row<'sessions'>, 'id' | 'assigned_operator_id' | 'last_operator_id'>>(tx, SESSION_OPERATORS, [sessionIds, currentWorkspace() ?? null])
  ).rows;
}
