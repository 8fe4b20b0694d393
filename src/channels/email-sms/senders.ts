import type { Bus } from '../../bus/bus.js';
import type { EmailMessage, Provider, SmsMessage } from '../../providers/provider.js';
import type { Store } from '../../store/db.js';
import type { SecretBox } from '../../security/secret-box.js';
import type { Sender } from '../../engine/sender.js';
import { ownPayload } from '../../engine/stored-rows.js';
import { botGraceVerdict } from './email-rules.js';
import type { EmailPayload, GraceCheck, SmsPayload } from './compose.js';
import { firstBotReplyAt } from './facts.js';
import { botAnswered, notConfigured, reason } from './reasons.js';
import { workspaceOfRow } from '../../store/workspace-scope.js';

export interface EmailSenderDeps {
  store: Store;
  bus: Bus;
  /** Opens sealed sign-in emails at the last moment (core/auth-emails.ts). */
  box: SecretBox;
}

/** The relay of a delivery's workspace (`default` for a row from before workspaces). */
export type RelayOf<M> = (workspace: string) => Promise<Provider<M, void>>;

/**
 * Sends a planned email through its workspace's relay; one planned behind the bot's grace is
 * decided once more first. A sign-in email (invitation, reset) is the instance's, whoever invited.
 */
export function emailSender(relayOf: RelayOf<EmailMessage>, instance: Provider<EmailMessage, void>, deps: EmailSenderDeps): Sender {
  return {
    async send(d) {
      const p = JSON.parse(ownPayload(d)) as EmailPayload;
      const provider = p.kind === 'auth' ? instance : await relayOf(workspaceOfRow(d));
      if (p.check) {
        const why = await recheck(deps, p.check, d.recipient_type === 'operator' ? d.recipient_id : undefined);
        if (why) return { kind: 'skipped', reason: why };
      }
      const status = provider.status();
      if (!status.configured) return { kind: 'skipped', reason: notConfigured('email', status.reason) };
      const body = p.sealed ? (JSON.parse(deps.box.decrypt(p.sealed)) as { text: string; html: string }) : { text: p.text, html: p.html };
      const result = await provider.send({ to: d.target, subject: p.subject, text: body.text, html: body.html, replyTo: p.replyTo, headers: p.headers });
      return { kind: 'attempted', result, mayRetry: true };
    },
    // An address is not a device: a 5xx fails this email only; the address stays on file.
    async dropTarget() {},
  };
}

export function smsSender(relayOf: RelayOf<SmsMessage>): Sender {
  return {
    async send(d) {
      const p = JSON.parse(ownPayload(d)) as SmsPayload;
      const provider = await relayOf(workspaceOfRow(d));
      const status = provider.status();
      if (!status.configured) return { kind: 'skipped', reason: notConfigured('sms', status.reason) };
      const result = await provider.send({ to: d.target, body: p.body, ...(p.senderName && { senderName: p.senderName }) });
      // A wrong number fails this text; the customer's number is their data, so it is not erased.
      return { kind: 'attempted', result: result.kind === 'dead-target' ? { ...result, kind: 'permanent' } : result, mayRetry: true };
    },
    async dropTarget() {},
  };
}

/** Why the email should no longer go out, or undefined to send it. */
async function recheck(deps: EmailSenderDeps, check: GraceCheck, operatorId: string | undefined): Promise<string | undefined> {
  const { db } = deps.store;
  const session = await db.selectFrom('sessions').select('status').where('id', '=', check.sessionId).executeTakeFirst();
  if (!session) return reason('session_gone', 'the session no longer exists');
  const reply = await firstBotReplyAt(db, check.sessionId, check.seq);
  // The queue holds the job until the deadline, so "defer" cannot come back here; "now" is past it.
  const verdict = botGraceVerdict(session.status, { ...check, assistantReplyAt: reply, now: Math.max(Date.now(), check.messageAt + check.graceMs) });
  if (verdict.kind === 'bot_answered') return botAnswered(check.graceMs);
  if (operatorId && (await deps.bus.presence.isOnline('operator', operatorId))) return reason('came_online');
  return undefined;
}
