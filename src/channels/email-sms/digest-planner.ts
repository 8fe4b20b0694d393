/**
 * One digest run (an `email.digest` event written by the scheduler that won the slot): each
 * recipient with something pending gets one email with the whole conversation since their last
 * email. Items whose bot grace has not ended wait for the next run; items the bot answered are
 * dropped, as an immediate email would have been.
 */
import { raiseIn } from '../../core/events.js';
import type { EventPayload } from '../../core/outbox.js';
import type { Row } from '../../store/schema.js';
import { renderDigest, type DigestEntry } from './email-templates.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';
import { botGraceVerdict } from './email-rules.js';
import { conversationHeaders, customerLink, operatorLink, type EmailPayload } from './compose.js';
import { customerName, firstBotReplyAt } from './facts.js';
import type { PlanContext } from './plan-context.js';
import { reason } from './reasons.js';

/** A digest shows at most this many messages per conversation (the latest), so it stays readable. */
const MAX_PER_SESSION = 100;

type Item = Row<'email_digest_items'>;

/**
 * Recipients one digest event handles. The run happens inside a planning transaction, on the event
 * loop: all pending items at once (tens of thousands after a busy day) held ingest and delivery for
 * as long as it took. The rest go to a follow-up `email.digest` event raised in the same
 * transaction, which the dispatcher takes in its next batch.
 */
const RECIPIENTS_PER_EVENT = 50;

export async function planDigest(ctx: PlanContext, e: EventPayload): Promise<PlannedDelivery[]> {
  const { tx, now } = ctx;
  const after = e.after as { type: Item['recipient_type']; id: string } | undefined;
  const recipients = await tx
    .selectFrom('email_digest_items')
    .select(['recipient_type', 'recipient_id'])
    .distinct()
    .$if(after !== undefined, (q) =>
      q.where((eb) => eb.or([eb('recipient_type', '>', after!.type), eb.and([eb('recipient_type', '=', after!.type), eb('recipient_id', '>', after!.id)])])),
    )
    .orderBy('recipient_type')
    .orderBy('recipient_id')
    .limit(RECIPIENTS_PER_EVENT)
    .execute();
  if (recipients.length === RECIPIENTS_PER_EVENT) {
    const last = recipients[recipients.length - 1]!;
    await raiseIn(tx, 'email.digest', { slot: e.slot, after: { type: last.recipient_type, id: last.recipient_id } }, now);
  }
  const out: PlannedDelivery[] = [];
  for (const r of recipients) {
    const list = await tx
      .selectFrom('email_digest_items')
      .selectAll()
      .where('recipient_type', '=', r.recipient_type)
      .where('recipient_id', '=', r.recipient_id)
      .orderBy('id')
      .execute();
    const due = list.filter((i) => !i.bot_check || i.message_at + ctx.deps.graceMs <= now);
    if (due.length === 0) continue;
    await tx
      .deleteFrom('email_digest_items')
      .where(
        'id',
        'in',
        due.map((i) => i.id),
      )
      .execute();
    const keep = [];
    for (const item of due) if (!(await botAnswered(ctx, item))) keep.push(item);
    if (keep.length === 0) continue;
    const d = await digestFor(ctx, e, keep);
    if (d) out.push(d);
  }
  return out;
}

async function botAnswered(ctx: PlanContext, item: Item): Promise<boolean> {
  if (!item.bot_check) return false;
  const session = await ctx.tx.selectFrom('sessions').select('status').where('id', '=', item.session_id).executeTakeFirst();
  if (!session) return true;
  const reply = await firstBotReplyAt(ctx.tx, item.session_id, item.seq);
  const verdict = botGraceVerdict(session.status, { messageAt: item.message_at, assistantReplyAt: reply, graceMs: ctx.deps.graceMs, now: ctx.now });
  return verdict.kind === 'bot_answered';
}

async function digestFor(ctx: PlanContext, e: EventPayload, items: Item[]): Promise<PlannedDelivery | undefined> {
  const { tx, now, deps } = ctx;
  const first = items[0]!;
  const recipient = { type: first.recipient_type, id: first.recipient_id };
  const email = items[items.length - 1]!.email;
  const sessionIds = [...new Set(items.map((i) => i.session_id))];
  const single = sessionIds.length === 1 ? sessionIds[0]! : null;
  const sessionOpts = { sessionId: single, customerId: null as string | null };

  if (await deps.bus.presence.isOnline(recipient.type, recipient.id)) {
    return ctx.delivery(e, 'email', recipient, email, { kind: 'digest' }, { ...sessionOpts, reason: reason('came_online') });
  }
  const mark = await tx
    .selectFrom('email_marks')
    .select('last_email_at')
    .where('recipient_type', '=', recipient.type)
    .where('recipient_id', '=', recipient.id)
    .executeTakeFirst();
  const since = mark?.last_email_at ?? 0;

  const entries: DigestEntry[] = [];
  const names = await senderNames(ctx, sessionIds);
  for (const sessionId of sessionIds) {
    const messages = await tx
      .selectFrom('messages')
      .selectAll()
      .where('session_id', '=', sessionId)
      .where('created_at', '>', since)
      .orderBy('seq', 'desc')
      .limit(MAX_PER_SESSION)
      .execute();
    for (const m of messages.reverse()) {
      const who = names(m);
      entries.push({ sender: single ? who : `${who} (${sessionId})`, time: m.created_at, text: m.text });
    }
  }
  if (entries.length === 0) return undefined;

  let recipientName = '';
  let link: string;
  let timeZone = 'UTC';
  let locale = 'en';
  if (recipient.type === 'operator') {
    recipientName = (await ctx.operators()).get(recipient.id)?.name ?? '';
    link = single ? operatorLink(deps.publicUrl, single) : `${deps.publicUrl}/sessions`;
  } else {
    const c = await tx.selectFrom('customers').selectAll().where('id', '=', recipient.id).executeTakeFirst();
    recipientName = c?.name ?? '';
    timeZone = c?.timezone ?? timeZone;
    locale = c?.locale ?? locale;
    sessionOpts.customerId = recipient.id;
    link = customerLink(ctx.email.customerLink, deps.publicUrl, single ?? sessionIds[sessionIds.length - 1]!);
  }
  const rendered = safeRenderDigest(
    ctx,
    { recipient_name: recipientName, conversation_link: link, conversation_id: single ?? '', messages: entries },
    { timeZone, locale },
  );
  await tx
    .insertInto('email_marks')
    .values({ recipient_type: recipient.type, recipient_id: recipient.id, last_email_at: now })
    .onConflict((oc) => oc.columns(['workspace_id', 'recipient_type', 'recipient_id']).doUpdateSet({ last_email_at: now }))
    .execute();
  const payload: EmailPayload = { kind: 'digest', to: email, ...rendered, headers: conversationHeaders(single) };
  return ctx.delivery(e, 'email', recipient, email, payload, sessionOpts);
}

/** A customer's stored locale or time zone may be one Intl does not know; fall back rather than fail the batch. */
function safeRenderDigest(ctx: PlanContext, values: Parameters<typeof renderDigest>[1], opts: { timeZone: string; locale: string }) {
  try {
    return renderDigest(ctx.templates.digest, values, opts);
  } catch {
    return renderDigest(ctx.templates.digest, values, { timeZone: 'UTC', locale: 'en' });
  }
}

/** Names authors the way a reader knows them: the customer, operators by name, the agent for the bot. */
async function senderNames(ctx: PlanContext, sessionIds: string[]): Promise<(m: Row<'messages'>) => string> {
  const sessions = await ctx.tx
    .selectFrom('sessions')
    // Agent and customer ids are per workspace (migration 0015): each join names the session's.
    .leftJoin('agents', (j) => j.onRef('agents.id', '=', 'sessions.agent_id').onRef('agents.workspace_id', '=', 'sessions.workspace_id'))
    .leftJoin('customers', (j) => j.onRef('customers.id', '=', 'sessions.customer_id').onRef('customers.workspace_id', '=', 'sessions.workspace_id'))
    .select(['sessions.id', 'agents.name as agentName', 'customers.id as cid', 'customers.name', 'customers.email', 'customers.phone'])
    .where('sessions.id', 'in', sessionIds)
    .execute();
  const operators = await ctx.operators();
  const byId = new Map(sessions.map((s) => [s.id, s]));
  return (m) => {
    const s = byId.get(m.session_id);
    switch (m.author_type) {
      case 'customer':
        return s?.cid ? customerName({ id: s.cid, name: s.name, email: s.email, phone: s.phone } as Row<'customers'>) : 'Customer';
      case 'human':
        return (m.author_id && operators.get(m.author_id)?.name) || 'Operator';
      case 'ai':
        return s?.agentName ?? 'Assistant';
      default:
        return 'System';
    }
  };
}
