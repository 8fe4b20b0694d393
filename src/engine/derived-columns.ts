/**
 * Columns SQLite does not store when the row's other columns say them (issue 16, fewer bytes per
 * delivery; migration 0018). Of a delivery:
 * - `workspace_id`: `default`, the workspace of an instance that has one;
 * - `recipient_type`: a webhook's recipient is an agent, a push, email or SMS's most often a customer;
 * - `recipient_id`: an agent's is the row's `agent_id`, a customer's its `customer_id`;
 * - `destination`: a webhook's is `webhook:` and its URL's origin, an FCM, APNs, email or SMS
 *   delivery's in the default workspace is its channel.
 * On SQLite these are virtual generated columns over the stored `workspace_own`,
 * `recipient_type_own`, `recipient_own` and `destination_own`, which hold '' when the value is the
 * derived one. Every reader sees the columns as before (indexes on `destination` index the
 * value); only the writer of new rows (engine/delivery-sql.ts) names the stored columns.
 *
 * The functions below are the generated columns' expressions in JavaScript. A value is left out
 * only when they give exactly that value, so a target they read differently (another URL form,
 * characters SQLite counts otherwise) is stored whole and read as it is.
 * - `created_at`: the millisecond its id names (`newId('dlv', now)`), stored as 0.
 *
 * Events store their workspace and creation time the same way and their type as a code (`mu` for
 * `message.user`: the migration's EVENT_TYPE_CODES); attempts their workspace.
 * PostgreSQL stores the columns as before.
 */
import { EVENT_TYPE_CODES } from '../store/migrations/0018-derived-columns.js';
import { DEFAULT_WORKSPACE } from '../store/workspace-scope.js';
import type { Row } from '../store/schema.js';

type Derivable = Pick<
  Row<'deliveries'>,
  'id' | 'workspace_id' | 'recipient_type' | 'recipient_id' | 'agent_id' | 'customer_id' | 'channel' | 'target' | 'destination' | 'created_at'
>;

/** The stored columns of SQLite's `deliveries` that stand for the derivable ones. */
export interface StoredDerivable {
  workspace_own: string;
  recipient_type_own: string;
  recipient_own: string;
  destination_own: string;
  created_at_own: number;
}

/** The generated column of each stored one. */
export const DERIVED_COLUMNS = {
  workspace_own: 'workspace_id',
  recipient_type_own: 'recipient_type',
  recipient_own: 'recipient_id',
  destination_own: 'destination',
  created_at_own: 'created_at',
} as const satisfies Record<keyof StoredDerivable, keyof Row<'deliveries'>>;

/** `recipient_type` when `recipient_type_own` is '' (migration 0018's expression). */
export function derivedRecipientType(r: Pick<Row<'deliveries'>, 'channel'>): Row<'deliveries'>['recipient_type'] {
  return r.channel === 'webhook' ? 'agent' : 'customer';
}

/** `recipient_id` when `recipient_own` is '' (migration 0018's expression). */
export function derivedRecipient(r: Pick<Row<'deliveries'>, 'recipient_type' | 'agent_id' | 'customer_id'>): string | null {
  return r.recipient_type === 'agent' ? r.agent_id : r.customer_id;
}

/** `destination` when `destination_own` is '' (migration 0018's expression). */
export function derivedDestination(r: Pick<Row<'deliveries'>, 'channel' | 'target'>): string {
  if (r.channel !== 'webhook') return r.channel;
  // substr(target, 1, instr(substr(target, 9), '/') + 7): up to the first '/' after "https://".
  const slash = r.target.slice(8).indexOf('/') + 1;
  return `webhook:${r.target.slice(0, slash + 7)}`;
}

/** Printable ASCII: where SQLite's substr/instr (characters) and JavaScript's (UTF-16 units) agree. */
const ASCII = /^[\x20-\x7e]*$/;

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';

/**
 * The millisecond an id names (migration 0018's expression): its ten characters after the `_`.
 * As SQLite's instr() reads them: past the end a digit is 0, a character outside the alphabet -1.
 */
export function idTime(id: string): number {
  const at = id.indexOf('_') + 1;
  let ms = 0;
  for (let i = 0; i < 10; i++) ms = ms * 32 + ALPHABET.indexOf(id[at + i] ?? '');
  return ms;
}

/** What SQLite stores for a row's creation time (deliveries, events): 0 when its id names it. */
export function storedTime(id: string, createdAt: number): number {
  return createdAt !== 0 && ASCII.test(id) && idTime(id) === createdAt ? 0 : createdAt;
}

/** What SQLite stores for a row's workspace (deliveries, events, attempts): '' for `default`. */
export function storedWorkspace(workspace: string | null | undefined): string {
  const ws = workspace ?? DEFAULT_WORKSPACE;
  return ws === DEFAULT_WORKSPACE ? '' : ws;
}

/** What SQLite stores for an event's type: its code, or the type itself. */
export function storedEventType(type: string): string {
  return EVENT_TYPE_CODES[type] ?? type;
}

/** What SQLite stores for a row's derivable columns: '' where the row's other columns say the value. */
export function storedDerivable(r: Derivable): StoredDerivable {
  const leave = (value: string | null | undefined, derived: string | null) => value !== '' && value !== null && value !== undefined && value === derived;
  return {
    workspace_own: storedWorkspace(r.workspace_id),
    recipient_type_own: leave(r.recipient_type, derivedRecipientType(r)) ? '' : r.recipient_type,
    recipient_own: leave(r.recipient_id, derivedRecipient(r)) ? '' : r.recipient_id,
    destination_own: ASCII.test(r.target) && leave(r.destination, derivedDestination(r)) ? '' : r.destination,
    created_at_own: storedTime(r.id, r.created_at),
  };
}
