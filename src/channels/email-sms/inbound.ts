/**
 * Replies that come back from outside: a text to our Twilio number, an email to a reply address.
 * Both become a `user` message in the customer's session, through the same MessagesService as
 * any other message, so operators see it live and the engine notifies as usual.
 *
 * SMS choices:
 * - The customer is found by phone (E.164; stored numbers are compared after removing spaces,
 *   dashes, dots and brackets), in every workspace; the text is stored in that customer's
 *   workspace. An unknown number becomes a new customer `sms_<digits>` with that phone in
 *   workspace `default` (the instance's Twilio number is its), so a stranger's text still
 *   reaches support.
 * - The message goes to the customer's latest SMS session unless it is resolved; otherwise a new
 *   SMS session is opened with the agent of the customer's last SMS session, else the agent of
 *   the workspace's most recent SMS session. With no SMS session anywhere there is no agent to
 *   choose, and the text is refused (422) rather than guessed onto an arbitrary agent.
 */
import type { Principal } from '../../core/principal.js';
import { CustomersService } from '../../core/customers.js';
import { HeraldError } from '../../errors.js';
import type { Services } from '../../services.js';
import { DEFAULT_WORKSPACE, type WorkspaceId, asSystem, trustedWorkspaceId, withWorkspace } from '../../store/workspace-scope.js';

const AS_SERVER: Principal = { kind: 'server', apiKeyId: 'inbound' };

export function normalizePhone(raw: string): string {
  return raw.replace(/[\s\-.()]/g, '');
}

export interface InboundResult {
  sessionId: string;
  messageId: string;
  customerId: string;
}

/**
 * `messageSid`: Twilio's id of the text. Twilio redelivers a webhook it saw time out; the receipt
 * is written in the message's own transaction, so a redelivery stores nothing twice.
 */
export async function receiveSms(
  services: Pick<Services, 'customers' | 'messages' | 'sessions' | 'store'>,
  from: string,
  text: string,
  messageSid?: string,
  /** The workspace whose number received it (its own webhook URL); else found by phone. */
  workspace?: WorkspaceId,
): Promise<InboundResult | undefined> {
  const phone = normalizePhone(from);
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) throw new HeraldError('VALIDATION', `From "${from}" is not an E.164 phone number.`);
  // No principal sent this: the text belongs to the workspace of the customer with that phone.
  const known = await customerByPhone(services, phone, workspace);
  return withWorkspace(workspace ?? known?.workspace ?? DEFAULT_WORKSPACE, async () => {
    const customerId = known?.id ?? (await newSmsCustomer(services, phone));
    const sessionId = await smsSession(services, customerId);
    const now = Date.now();
    const posted = await services.store.db.transaction().execute(async (tx) => {
      if (messageSid) {
        const receipt = await tx
          .insertInto('inbound_receipts')
          .values({ source: 'twilio', external_id: messageSid, created_at: now })
          .onConflict((oc) => oc.columns(['source', 'external_id']).doNothing())
          .executeTakeFirst();
        if (Number(receipt.numInsertedOrUpdatedRows ?? 0) === 0) return undefined;
      }
      return services.messages.postIn(tx, sessionId, { text, role: 'user' }, AS_SERVER, now);
    });
    if (!posted) return undefined;
    await services.messages.published(posted);
    return { sessionId, messageId: posted.message.id, customerId };
  });
}

/**
 * The customer texting from `phone`, looked up in every workspace. The same number in several
 * workspaces (one person, two businesses): the one whose SMS conversation is the most recent,
 * since a text is most likely the answer to the last one sent. Undefined for an unknown number.
 */
async function customerByPhone(
  services: Pick<Services, 'store'>,
  phone: string,
  workspace: WorkspaceId | undefined,
): Promise<{ id: string; workspace: WorkspaceId } | undefined> {
  const { db } = services.store;
  // A workspace's own number: its customers only. The instance's number: every workspace's.
  const scope = <T>(fn: () => Promise<T>) => (workspace ? withWorkspace(workspace, fn) : asSystem(fn));
  return scope(async () => {
    const exact = await db.selectFrom('customers').select(['id', 'workspace_id']).where('phone', '=', phone).orderBy('updated_at', 'desc').execute();
    // Numbers stored with formatting ("+1 (555) 010-0199"): narrow by the last four digits (rarely
    // split by a separator), then compare normalized.
    const found = exact.length
      ? exact
      : (
          await db
            .selectFrom('customers')
            .select(['id', 'phone', 'workspace_id'])
            .where('phone', 'like', `%${phone.slice(-4)}`)
            .execute()
        ).filter((c) => c.phone && normalizePhone(c.phone) === phone);
    if (found.length === 0) return undefined;
    let best = found[0]!;
    if (found.length > 1) {
      const latest = await db
        .selectFrom('sessions')
        .select(['customer_id', 'workspace_id'])
        .where('channel', '=', 'sms')
        .where(
          'customer_id',
          'in',
          found.map((c) => c.id),
        )
        .orderBy('id', 'desc')
        .execute();
      const hit = latest.find((l) => found.some((c) => c.id === l.customer_id && c.workspace_id === l.workspace_id));
      if (hit) best = found.find((c) => c.id === hit.customer_id && c.workspace_id === hit.workspace_id)!;
    }
    return { id: best.id, workspace: trustedWorkspaceId(best.workspace_id) };
  });
}

/** An unknown number becomes a customer `sms_<digits>` with that phone (in the current workspace). */
async function newSmsCustomer(services: Pick<Services, 'store'>, phone: string): Promise<string> {
  const id = `sms_${phone.slice(1)}`;
  const now = Date.now();
  await services.store.db.transaction().execute(async (tx) => {
    await CustomersService.ensure(tx, id, now);
    await tx.updateTable('customers').set({ phone, updated_at: now }).where('id', '=', id).where('phone', 'is', null).execute();
  });
  return id;
}

async function smsSession(services: Pick<Services, 'customers' | 'messages' | 'sessions' | 'store'>, customerId: string): Promise<string> {
  const { db } = services.store;
  const latest = await db
    .selectFrom('sessions')
    .select(['id', 'status', 'agent_id'])
    .where('customer_id', '=', customerId)
    .where('channel', '=', 'sms')
    .orderBy('id', 'desc')
    .executeTakeFirst();
  if (latest && latest.status !== 'resolved') return latest.id;
  const agentId =
    latest?.agent_id ?? (await db.selectFrom('sessions').select('agent_id').where('channel', '=', 'sms').orderBy('id', 'desc').executeTakeFirst())?.agent_id;
  if (!agentId) {
    throw new HeraldError(
      'UNPROCESSABLE',
      'No agent handles SMS yet: open one SMS session (POST /api/sessions with channel "sms") so new texts know which agent to go to.',
    );
  }
  const session = await services.sessions.create({ agentId, channel: 'sms', customerId }, AS_SERVER);
  return session.id;
}

/**
 * Posts an emailed reply as the customer's message; the address was verified by the caller. No
 * principal sent it: it is written in the workspace of the session the address names.
 */
export async function receiveEmail(
  services: Pick<Services, 'customers' | 'messages' | 'sessions' | 'store'>,
  sessionId: string,
  from: string,
  text: string,
): Promise<InboundResult> {
  const session = await asSystem(() =>
    services.store.db.selectFrom('sessions').select(['id', 'customer_id', 'workspace_id']).where('id', '=', sessionId).executeTakeFirst(),
  );
  if (!session?.customer_id) throw new HeraldError('NOT_FOUND', 'The conversation of this reply address no longer exists.');
  const customerId = session.customer_id;
  return withWorkspace(trustedWorkspaceId(session.workspace_id), async () => {
    const customer = await services.customers.get(customerId);
    // The address proves the mail answers our email; the sender check stops a forwarded copy from speaking for the customer.
    if (customer.email && customer.email.toLowerCase() !== from.toLowerCase()) {
      throw new HeraldError('FORBIDDEN', "The reply comes from an address other than the customer's.");
    }
    const message = await services.messages.post(sessionId, { text, role: 'user' }, AS_SERVER);
    return { sessionId, messageId: message.id, customerId: customer.id };
  });
}

/** The new part of an emailed reply: everything above the quoted original. */
export function stripQuoted(text: string): string {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    if (/^\s*>/.test(line) || /^On .+wrote:\s*$/.test(line.trim()) || /^-{2,}\s*Original Message\s*-{2,}$/i.test(line.trim())) break;
    out.push(line);
  }
  return out.join('\n').trim();
}
