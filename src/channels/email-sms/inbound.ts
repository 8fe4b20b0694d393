/**
 * Replies that come back from outside: a text to our Twilio number, an email to a reply address.
 * Both become a `user` message in the customer's session, through the same MessagesService as
 * any other message, so operators see it live and the engine notifies as usual.
 *
 * SMS choices:
 * - The customer is found by phone (E.164; stored numbers are compared after removing spaces,
 *   dashes, dots and brackets). An unknown number becomes a new customer `sms_<digits>` with
 *   that phone, so a stranger's text still reaches support.
 * - The message goes to the customer's latest SMS session unless it is resolved; otherwise a new
 *   SMS session is opened with the agent of the customer's last SMS session, else the agent of
 *   the workspace's most recent SMS session. With no SMS session anywhere there is no agent to
 *   choose, and the text is refused (422) rather than guessed onto an arbitrary agent.
 */
import type { Principal } from '../../core/principal.js';
import { CustomersService } from '../../core/customers.js';
import { HeraldError } from '../../errors.js';
import type { Services } from '../../services.js';

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
): Promise<InboundResult | undefined> {
  const phone = normalizePhone(from);
  if (!/^\+[1-9]\d{6,14}$/.test(phone)) throw new HeraldError('VALIDATION', `From "${from}" is not an E.164 phone number.`);
  const customerId = await customerByPhone(services, phone);
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
}

async function customerByPhone(services: Pick<Services, 'customers' | 'messages' | 'sessions' | 'store'>, phone: string): Promise<string> {
  const { db } = services.store;
  const exact = await db.selectFrom('customers').select('id').where('phone', '=', phone).orderBy('updated_at', 'desc').executeTakeFirst();
  if (exact) return exact.id;
  // Numbers stored with formatting ("+1 (555) 010-0199"): narrow by the last four digits (rarely
  // split by a separator), then compare normalized.
  const candidates = await db
    .selectFrom('customers')
    .select(['id', 'phone'])
    .where('phone', 'like', `%${phone.slice(-4)}`)
    .execute();
  const match = candidates.find((c) => c.phone && normalizePhone(c.phone) === phone);
  if (match) return match.id;
  const id = `sms_${phone.slice(1)}`;
  const now = Date.now();
  await db.transaction().execute(async (tx) => {
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

/** Posts an emailed reply as the customer's message; the address was verified by the caller. */
export async function receiveEmail(
  services: Pick<Services, 'customers' | 'messages' | 'sessions' | 'store'>,
  sessionId: string,
  from: string,
  text: string,
): Promise<InboundResult> {
  const session = await services.store.db.selectFrom('sessions').select(['id', 'customer_id']).where('id', '=', sessionId).executeTakeFirst();
  if (!session?.customer_id) throw new HeraldError('NOT_FOUND', 'The conversation of this reply address no longer exists.');
  const customer = await services.customers.get(session.customer_id);
  // The address proves the mail answers our email; the sender check stops a forwarded copy from speaking for the customer.
  if (customer.email && customer.email.toLowerCase() !== from.toLowerCase()) {
    throw new HeraldError('FORBIDDEN', "The reply comes from an address other than the customer's.");
  }
  const message = await services.messages.post(sessionId, { text, role: 'user' }, AS_SERVER);
  return { sessionId, messageId: message.id, customerId: customer.id };
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
