/**
 * A customer wrote: which operators get an email (CONTRACT §7), through the pure rules in
 * rules/email-rules.ts. While the bot handles the session the rule answers "ask again when the
 * grace is over"; the emails are then planned now with that delay, and the sender asks the
 * question again at send time (the bot may have answered, the operator may have come online).
 */
import type { EventPayload } from '../../core/outbox.js';
import { newId } from '../../ids.js';
import { renderTemplate } from './email-templates.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';
import { planOperatorEmails, type CustomerMessageInput, type ExclusionReason } from './email-rules.js';
import { conversationHeaders, operatorLink, type EmailPayload, type GraceCheck } from './compose.js';
import { customerName, firstBotReplyAt, isFirstCustomerMessage, loadSession } from './facts.js';
import type { PlanContext } from './plan-context.js';
import { botAnswered, reason } from './reasons.js';

/** Why an operator outside the audience heard nothing, for explain. */
const EXCLUSION_TEXT: Record<ExclusionReason, string> = {
  viewer: 'Viewers can read conversations but not answer them, so they are never notified.',
  not_in_department: "Not a member of this conversation's department; a first message goes to the department's operators.",
  not_assigned: 'The conversation is assigned to another operator, who is the one notified.',
  not_last_handler: 'A later message goes only to the operator handling the conversation.',
};

export async function planOperatorEmailsFor(ctx: PlanContext, e: EventPayload): Promise<PlannedDelivery[]> {
  const { tx, now, deps } = ctx;
  if (!e.sessionId || e.seq === null) return [];
  const session = await loadSession(tx, e.sessionId);
  if (!session) return [];
  const messageAt = Date.parse(e.occurredAt);
  const [first, botReplyAt, operators, customer] = await Promise.all([
    isFirstCustomerMessage(tx, session.id, e.seq),
    session.status === 'bot' ? firstBotReplyAt(tx, session.id, e.seq) : Promise.resolve(null),
    ctx.operators(),
    session.customer_id ? tx.selectFrom('customers').selectAll().where('id', '=', session.customer_id).executeTakeFirst() : undefined,
  ]);
  const input: CustomerMessageInput = {
    session: {
      status: session.status,
      departmentId: session.department_id,
      assignedOperatorId: session.assigned_operator_id,
      lastOperatorId: session.last_operator_id,
    },
    firstCustomerMessage: first,
    operators: [...operators.values()],
    bot: { messageAt, assistantReplyAt: botReplyAt, graceMs: deps.graceMs, now },
  };
  let plan = planOperatorEmails(input);
  let check: GraceCheck | undefined;
  let delayMs = 0;
  // The bot already answered (planning came after its reply): record the same per-operator
  // outcome a deferred email would have come to at send time, whatever the timing was.
  const botDone = plan.outcome === 'skip' && plan.reason === 'bot_answered';
  if (botDone) plan = planOperatorEmails({ ...input, bot: { ...input.bot, assistantReplyAt: null, now: messageAt + deps.graceMs } });
  if (plan.outcome === 'defer') {
    // Decide the audience as it would be at the deadline; the sender re-checks the bot then.
    delayMs = plan.until - now;
    check = { sessionId: session.id, seq: e.seq, messageAt, graceMs: deps.graceMs };
    plan = planOperatorEmails({ ...input, bot: { ...input.bot, now: plan.until } });
  }
  // "no_operators": no person was considered, so there is no one to explain.
  if (plan.outcome !== 'decided') return [];

  const excluded = new Map<string, string[]>();
  for (const x of plan.excluded) excluded.set(x.reason, [...(excluded.get(x.reason) ?? []), x.operatorId]);
  for (const [why, ids] of excluded) {
    ctx.decisions.note(e.id, {
      recipientType: 'operator',
      recipientIds: ids,
      channel: 'email',
      decision: 'skipped',
      rule: 'email.audience',
      reason: EXCLUSION_TEXT[why as ExclusionReason],
    });
  }

  const kind = plan.basis === 'first_message' ? 'operator_new_conversation' : 'operator_new_message';
  const unavailable = ctx.unavailable('email');
  const out: PlannedDelivery[] = [];
  for (const d of plan.decisions) {
    const op = operators.get(d.operatorId)!;
    const to = { type: 'operator' as const, id: op.id };
    const target = op.email ?? '';
    if (!d.send) {
      out.push(ctx.delivery(e, 'email', to, target, { kind, audience: plan.audience }, { reason: reason(d.reason) }));
      continue;
    }
    if (botDone) {
      out.push(ctx.delivery(e, 'email', to, target, { kind, audience: plan.audience }, { reason: botAnswered(deps.graceMs) }));
      continue;
    }
    if (unavailable) {
      out.push(ctx.delivery(e, 'email', to, target, { kind, audience: plan.audience }, { reason: unavailable }));
      continue;
    }
    if (ctx.email.delivery === 'digest') {
      await tx
        .insertInto('email_digest_items')
        .values({
          id: newId('edi', now),
          recipient_type: 'operator',
          recipient_id: op.id,
          email: d.email,
          session_id: session.id,
          seq: e.seq,
          message_at: messageAt,
          bot_check: check ? 1 : 0,
          created_at: now,
        })
        .execute();
      out.push(ctx.delivery(e, 'email', to, d.email, { kind: 'digest', audience: plan.audience }, { reason: reason('digest') }));
      continue;
    }
    const rendered = renderTemplate(ctx.templates[kind], {
      recipient_name: op.name,
      sender_name: customerName(customer),
      message: e.text ?? '',
      conversation_link: operatorLink(deps.publicUrl, session.id),
      conversation_id: session.id,
    });
    const payload: EmailPayload = { kind, to: d.email, ...rendered, headers: conversationHeaders(session.id), ...(check && { check }) };
    await markEmailed(ctx, to.id, now);
    out.push(ctx.delivery(e, 'email', to, d.email, payload, { delayMs }));
  }
  return out;
}

/** Remembers when an operator was last emailed: a digest covers what came after. */
async function markEmailed(ctx: PlanContext, operatorId: string, at: number): Promise<void> {
  await ctx.tx
    .insertInto('email_marks')
    .values({ recipient_type: 'operator', recipient_id: operatorId, last_email_at: at })
    .onConflict((oc) => oc.columns(['workspace_id', 'recipient_type', 'recipient_id']).doUpdateSet({ last_email_at: at }))
    .execute();
}
