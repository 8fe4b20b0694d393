/**
 * Someone replied to a customer: an email (at most one per offline period) or, in an SMS
 * session, a text (every human reply: texting is the conversation there). Decided by the pure
 * rules in rules/; this file gathers the facts and records the outcome.
 */
import { sql } from 'kysely';
import type { EventPayload } from '../../core/outbox.js';
import { newId } from '../../ids.js';
import { renderTemplate } from './email-templates.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';
import { planCustomerEmail, type MessageAuthor } from './email-rules.js';
import { planCustomerSms } from './sms-rules.js';
import { conversationHeaders, customerLink, smsBody, type EmailPayload, type SmsPayload } from './compose.js';
import { loadCustomer, type CustomerFacts } from './facts.js';
import type { PlanContext } from './plan-context.js';
import { reason } from './reasons.js';
import { replyAddress } from './reply-address.js';

export async function planCustomerReply(ctx: PlanContext, e: EventPayload): Promise<PlannedDelivery[]> {
  if (!e.customerId || !e.sessionId) return [];
  const author = (e.author?.type ?? 'system') as MessageAuthor;
  const customer = await loadCustomer(ctx.tx, ctx.deps.bus, e.customerId);
  if (!customer) return [];
  if (e.campaignChannel === 'email' || e.campaignChannel === 'sms') return campaignMessage(ctx, e, e.campaignChannel, customer);
  return e.channel === 'sms' ? textCustomer(ctx, e, author, customer) : emailCustomer(ctx, e, author, customer);
}

/**
 * A campaign stage on the email or SMS channel: the agent's message IS the outreach, so it goes
 * out whoever wrote it and whether or not the customer is online; only a mute, a missing or
 * invalid address stops it. The rules are asked as for a human reply to an offline customer.
 */
async function campaignMessage(ctx: PlanContext, e: EventPayload, channel: 'email' | 'sms', c: CustomerFacts): Promise<PlannedDelivery[]> {
  const to = { type: 'customer' as const, id: c.row.id };
  if (channel === 'sms') {
    const d = planCustomerSms({
      author: 'human',
      senderName: ctx.sms.senderName,
      customer: { id: c.row.id, online: false, phone: c.row.phone, muted: c.muted },
    });
    if (!d.send) return [ctx.delivery(e, 'sms', to, c.row.phone ?? '', {}, { reason: reason(d.reason) })];
    const payload: SmsPayload = { to: d.to, body: smsBody(e.text ?? ''), ...(d.senderName && { senderName: d.senderName }) };
    return [ctx.delivery(e, 'sms', to, d.to, payload, { reason: ctx.unavailable('sms') })];
  }
  const kind = 'customer_operator_reply';
  const d = planCustomerEmail({
    author: 'human',
    customer: { id: c.row.id, online: false, email: c.row.email, muted: c.muted, offlineSince: null, lastEmailAt: null },
  });
  if (!d.send) return [ctx.delivery(e, 'email', to, c.row.email ?? '', { kind }, { reason: reason(d.reason) })];
  const agent = e.agentId ? await ctx.tx.selectFrom('agents').select('name').where('id', '=', e.agentId).executeTakeFirst() : undefined;
  return [await customerEmail(ctx, e, d.email, c, agent?.name ?? 'Support')];
}

async function textCustomer(ctx: PlanContext, e: EventPayload, author: MessageAuthor, c: CustomerFacts): Promise<PlannedDelivery[]> {
  const d = planCustomerSms({
    author,
    senderName: ctx.sms.senderName,
    customer: { id: c.row.id, online: c.online, phone: c.row.phone, muted: c.muted },
  });
  const to = { type: 'customer' as const, id: c.row.id };
  if (!d.send) {
    // System notes were never meant for the customer's phone; nothing to explain.
    if (d.reason === 'not_human_reply') return [];
    return [ctx.delivery(e, 'sms', to, c.row.phone ?? '', {}, { reason: reason(d.reason) })];
  }
  const payload: SmsPayload = { to: d.to, body: smsBody(e.text ?? ''), ...(d.senderName && { senderName: d.senderName }) };
  return [ctx.delivery(e, 'sms', to, d.to, payload, { reason: ctx.unavailable('sms') })];
}

async function emailCustomer(ctx: PlanContext, e: EventPayload, author: MessageAuthor, c: CustomerFacts): Promise<PlannedDelivery[]> {
  const d = planCustomerEmail({
    author,
    customer: { id: c.row.id, online: c.online, email: c.row.email, muted: c.muted, offlineSince: c.offlineSince, lastEmailAt: c.lastEmailAt },
  });
  const to = { type: 'customer' as const, id: c.row.id };
  const kind = 'customer_operator_reply';
  if (!d.send) {
    // AI replies are never emailed; recording that on every bot message would be noise.
    if (d.reason === 'not_human_reply') return [];
    return [ctx.delivery(e, 'email', to, c.row.email ?? '', { kind }, { reason: reason(d.reason) })];
  }
  const unavailable = ctx.unavailable('email');
  if (unavailable) return [ctx.delivery(e, 'email', to, d.email, { kind }, { reason: unavailable })];
  if (ctx.email.delivery === 'digest') {
    await ctx.tx
      .insertInto('email_digest_items')
      .values({
        id: newId('edi', ctx.now),
        recipient_type: 'customer',
        recipient_id: c.row.id,
        email: d.email,
        session_id: e.sessionId!,
        seq: e.seq ?? 0,
        message_at: Date.parse(e.occurredAt),
        bot_check: 0,
        created_at: ctx.now,
      })
      .execute();
    return [ctx.delivery(e, 'email', to, d.email, { kind: 'digest' }, { reason: reason('digest') })];
  }
  if (!(await claimOfflinePeriod(ctx, c))) {
    return [ctx.delivery(e, 'email', to, d.email, { kind }, { reason: reason('already_emailed_this_offline_period') })];
  }
  const operator = e.author?.id ? (await ctx.operators()).get(e.author.id) : undefined;
  return [await customerEmail(ctx, e, d.email, c, operator?.name ?? 'Support')];
}

/** The "someone replied" email, with a reply address when the workspace receives replies. */
async function customerEmail(ctx: PlanContext, e: EventPayload, email: string, c: CustomerFacts, senderName: string): Promise<PlannedDelivery> {
  const kind = 'customer_operator_reply';
  const sessionId = e.sessionId!;
  const rendered = renderTemplate(ctx.templates[kind], {
    recipient_name: c.row.name ?? '',
    sender_name: senderName,
    message: e.text ?? '',
    conversation_link: customerLink(ctx.email.customerLink, ctx.deps.publicUrl, sessionId),
    conversation_id: sessionId,
  });
  const key = ctx.email.replyDomain ? await ctx.replyKey() : undefined;
  const replyTo = key && ctx.email.replyDomain ? replyAddress(key, sessionId, ctx.email.replyDomain) : undefined;
  const payload: EmailPayload = { kind, to: email, ...rendered, ...(replyTo && { replyTo }), headers: conversationHeaders(sessionId) };
  return ctx.delivery(e, 'email', { type: 'customer', id: c.row.id }, email, payload);
}

/**
 * Records "emailed now" only if no email went out in this offline period, atomically: two
 * replies planned at once by two processes cannot both win (the upsert's WHERE is evaluated
 * against the committed row under its lock on PostgreSQL; SQLite has a single writer).
 */
async function claimOfflinePeriod(ctx: PlanContext, c: CustomerFacts): Promise<boolean> {
  const { tx, now } = ctx;
  const since = c.offlineSince;
  const won = await tx
    .insertInto('email_marks')
    .values({ recipient_type: 'customer', recipient_id: c.row.id, last_email_at: now })
    .onConflict((oc) =>
      since === null
        ? oc.columns(['workspace_id', 'recipient_type', 'recipient_id']).doNothing()
        : oc
            .columns(['workspace_id', 'recipient_type', 'recipient_id'])
            .doUpdateSet({ last_email_at: now })
            .where(sql.ref('email_marks.last_email_at'), '<', since),
    )
    .returning('recipient_id')
    .executeTakeFirst();
  return won !== undefined;
}
