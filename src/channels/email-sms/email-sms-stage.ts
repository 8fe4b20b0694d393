import type { EventPayload } from '../../core/outbox.js';
import type { PlanStage } from '../../engine/planned-delivery.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';
import { destinationDisabledEmail, testEmail } from './compose.js';
import { planCustomerReply } from './customer-replies.js';
import { planDigest } from './digest-planner.js';
import { planOperatorEmailsFor } from './operator-emails.js';
import { PlanContext, type StageDeps } from './plan-context.js';
import { SEALED_NOTICE } from '../../core/auth-emails.js';

/** Events this stage acts on; everything else costs it no query at all. */
function relevant(e: EventPayload): boolean {
  switch (e.event) {
    case 'message.user':
    case 'email.test':
    case 'email.digest':
    case 'destination.disabled':
    case 'auth.email':
      return true;
    case 'message.assistant':
      // Human replies reach offline customers; an AI reply matters only where it would be texted,
      // or when it is a campaign stage sent by email or SMS.
      return e.author?.type === 'human' || e.channel === 'sms' || e.campaignChannel === 'email' || e.campaignChannel === 'sms';
    default:
      return false;
  }
}

/** Plans email and SMS deliveries: to operators about customer messages, to customers about replies. */
export function emailSmsStage(deps: StageDeps): PlanStage {
  return {
    name: 'email-sms',
    async plan(events, tx, now, decisions) {
      // With neither SMTP nor Twilio configured, message events cost nothing here: no queries,
      // and no skipped row per operator per message filling the console. (The test email and the
      // Settings > Channels page still say what is missing.)
      await deps.prepare(tx);
      const anyChannel = deps.emailStatus().configured || deps.smsStatus().configured;
      // Sign-in emails are the instance's (operators are), sent over its relay in any workspace.
      const mine = events.filter((e) =>
        e.event === 'auth.email'
          ? deps.instanceEmailStatus().configured
          : relevant(e) && (anyChannel || e.event.startsWith('email.')) && (e.event !== 'destination.disabled' || deps.emailStatus().configured),
      );
      if (mine.length === 0) return [];
      const ctx = await PlanContext.load(deps, tx, now, decisions);
      const out: PlannedDelivery[] = [];
      for (const e of mine) {
        switch (e.event) {
          case 'message.user':
            out.push(...(await planOperatorEmailsFor(ctx, e)));
            break;
          case 'message.assistant':
            out.push(...(await planCustomerReply(ctx, e)));
            break;
          case 'email.digest':
            out.push(...(await planDigest(ctx, e)));
            break;
          case 'destination.disabled': {
            // Admins and managers own push configurations: they hear that one was turned off.
            const notice = {
              destination: typeof e.destination === 'string' ? e.destination : '',
              reason: typeof e.reason === 'string' ? e.reason : '',
              agentIds: (e.agentIds as string[] | undefined) ?? [],
            };
            for (const op of (await ctx.operators()).values()) {
              if ((op.role !== 'admin' && op.role !== 'manager') || !op.email) continue;
              out.push(ctx.delivery(e, 'email', { type: 'operator', id: op.id }, op.email, destinationDisabledEmail(op.email, notice, deps.publicUrl)));
            }
            break;
          }
          case 'auth.email': {
            // An invitation or reset link: the text stays sealed (see core/auth-emails.ts).
            const str = (v: unknown): string => (typeof v === 'string' ? v : '');
            const to = str(e.to);
            const recipient = e.recipient as { type: 'operator'; id: string };
            const payload = {
              kind: 'auth' as const,
              to,
              subject: str(e.subject),
              text: SEALED_NOTICE,
              html: SEALED_NOTICE,
              headers: {},
              sealed: str(e.sealed),
            };
            out.push(ctx.delivery(e, 'email', recipient, to, payload));
            break;
          }
          case 'email.test': {
            const to = typeof e.to === 'string' ? e.to : '';
            const requestedBy = typeof e.requestedBy === 'string' ? e.requestedBy : 'server';
            const payload = testEmail(to, deps.publicUrl);
            out.push(ctx.delivery(e, 'email', { type: 'operator', id: requestedBy }, to, payload, { reason: ctx.unavailable('email') }));
            break;
          }
          default:
            // relevant() let through only the events handled above.
            break;
        }
      }
      return out;
    },
  };
}
