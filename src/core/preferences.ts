import type { Row } from '../store/schema.js';
import type { CoreDeps } from './deps.js';
import type { Owner } from './devices.js';
import type { Db } from './outbox.js';

export interface Preferences {
  chatMessages: boolean;
  ticketUpdates: boolean;
  systemNotices: boolean;
}

export type Category = 'chat' | 'ticket' | 'system';

export const DEFAULT_PREFERENCES: Preferences = { chatMessages: true, ticketUpdates: true, systemNotices: true };
export const CATEGORY_PREFERENCE: Record<Category, keyof Preferences> = {
  chat: 'chatMessages',
  ticket: 'ticketUpdates',
  system: 'systemNotices',
};

function toPrefs(r: Row<'preferences'> | undefined): Preferences {
  if (!r) return { ...DEFAULT_PREFERENCES };
  return { chatMessages: r.chat_messages === 1, ticketUpdates: r.ticket_updates === 1, systemNotices: r.system_notices === 1 };
}

export class PreferencesService {
  constructor(private readonly deps: CoreDeps) {}

  async get(owner: Owner, db: Db = this.deps.db): Promise<Preferences> {
    const r = await db.selectFrom('preferences').selectAll().where('owner_type', '=', owner.type).where('owner_id', '=', owner.id).executeTakeFirst();
    return toPrefs(r);
  }

  async update(owner: Owner, patch: Partial<Preferences>): Promise<Preferences> {
    const next = { ...(await this.get(owner)), ...patch };
    const row = {
      owner_type: owner.type,
      owner_id: owner.id,
      chat_messages: next.chatMessages ? 1 : 0,
      ticket_updates: next.ticketUpdates ? 1 : 0,
      system_notices: next.systemNotices ? 1 : 0,
      updated_at: Date.now(),
    } as const;
    await this.deps.db
      .insertInto('preferences')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['workspace_id', 'owner_type', 'owner_id']).doUpdateSet({
          chat_messages: row.chat_messages,
          ticket_updates: row.ticket_updates,
          system_notices: row.system_notices,
          updated_at: row.updated_at,
        }),
      )
      .execute();
    return next;
  }
}
