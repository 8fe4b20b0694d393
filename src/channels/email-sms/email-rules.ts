/**
 * Who gets an email (CONTRACT §7). Pure functions: the engine gathers the facts (presence,
 * session state, timestamps), these decide, and every person considered comes back with a
 * machine-readable reason so the deliveries console can say why someone got nothing.
 *
 * Choices made here, on purpose:
 * - Only OFFLINE operators are emailed, in every audience (department, assigned, everyone).
 *   An online operator already sees the message in the portal; an email would be noise. This
 *   is what production help desks do.
 * - A department with no members does not swallow the message: the next audience in the
 *   contract's order (assigned operator, then everyone) is used instead.
 * - "The last operator who handled it" is `lastOperatorId` (the last human who replied or was
 *   assigned) and, when that is unset, the assigned operator. A later message in a session no
 *   human has handled yet (the bot stayed silent, or it waits in a queue) is routed like a
 *   first message, otherwise a customer the bot ignored would reach nobody.
 * - Viewers are read-only and cannot answer, so they are never part of any audience.
 * - Times are epoch milliseconds, so the engine can evaluate a rule at any moment (typically
 *   once more after the bot's grace period) and get the same answer for the same facts.
 */

export type SessionStatus = 'bot' | 'waiting' | 'assigned' | 'resolved';
export type OperatorRole = 'admin' | 'manager' | 'operator' | 'viewer';
export type MessageAuthor = 'human' | 'ai' | 'system';

/** An operator as the rules see them. */
export interface OperatorFacts {
  id: string;
  role: OperatorRole;
  /** Has an open portal stream right now. */
  online: boolean;
  email: string | null;
  /** E.164 phone number, for SMS rules. */
  phone?: string | null;
  departmentIds: readonly string[];
  /** The operator turned this channel off (or the account is disabled). */
  muted?: boolean;
}

/** The session as it is when the rule is evaluated (not when the message was written). */
export interface SessionFacts {
  status: SessionStatus;
  departmentId: string | null;
  assignedOperatorId: string | null;
  /** The last human operator who replied in or was assigned the session. */
  lastOperatorId: string | null;
}

/** The bot's chance to answer a customer message first (HERALD_BOT_GRACE_S). Epoch ms. */
export interface BotGrace {
  /** When the customer message was written. */
  messageAt: number;
  /** The first assistant (AI) reply written after that message, or null when none yet. */
  assistantReplyAt: number | null;
  graceMs: number;
  /** When the rule is evaluated. */
  now: number;
}

/** What happened to the bot's chance; `defer` means "ask again at `until`". */
export type BotVerdict = { kind: 'proceed' } | { kind: 'defer'; until: number } | { kind: 'bot_answered' };

/**
 * "Nothing when the bot answered and no human took over." A session that left `bot` (transfer,
 * assignment) has a human in it, so the grace no longer applies.
 */
export function botGraceVerdict(status: SessionStatus, bot: BotGrace): BotVerdict {
  if (status !== 'bot') return { kind: 'proceed' };
  const deadline = bot.messageAt + bot.graceMs;
  const reply = bot.assistantReplyAt;
  if (reply !== null && reply >= bot.messageAt && reply <= deadline) return { kind: 'bot_answered' };
  if (bot.now < deadline) return { kind: 'defer', until: deadline };
  return { kind: 'proceed' };
}

/** Facts for "a customer wrote in a session": who among the operators should hear of it. */
export interface CustomerMessageInput {
  session: SessionFacts;
  /** This is the customer's first message in the session. */
  firstCustomerMessage: boolean;
  /** Every operator of the workspace (the rules pick the audience). */
  operators: readonly OperatorFacts[];
  bot: BotGrace;
}

export type OperatorAudience = 'department' | 'assigned' | 'all_operators' | 'last_handler';

/** Why this audience: a first message, a later one, or a later one no human has handled yet. */
export type AudienceBasis = 'first_message' | 'later_message' | 'unhandled_later_message';

export interface SelectedAudience {
  audience: OperatorAudience;
  basis: AudienceBasis;
  members: OperatorFacts[];
}

/** The operators a customer message concerns, before presence and channel filters. */
export function selectOperatorAudience(input: Omit<CustomerMessageInput, 'bot'>): SelectedAudience {
  const { session } = input;
  const operators = input.operators.filter((o) => o.role !== 'viewer');
  const byId = (id: string | null) => (id === null ? undefined : operators.find((o) => o.id === id));

  if (!input.firstCustomerMessage) {
    const handler = byId(session.lastOperatorId) ?? byId(session.assignedOperatorId);
    if (handler) return { audience: 'last_handler', basis: 'later_message', members: [handler] };
  }
  const basis: AudienceBasis = input.firstCustomerMessage ? 'first_message' : 'unhandled_later_message';
  if (session.departmentId !== null) {
    const members = operators.filter((o) => o.departmentIds.includes(session.departmentId!));
    if (members.length > 0) return { audience: 'department', basis, members };
  }
  const assigned = byId(session.assignedOperatorId);
  if (assigned) return { audience: 'assigned', basis, members: [assigned] };
  return { audience: 'all_operators', basis, members: [...operators] };
}

/** Why an operator is outside the audience of a customer message. */
export type ExclusionReason = 'viewer' | 'not_in_department' | 'not_assigned' | 'not_last_handler';

/**
 * Everyone the audience left out, with the reason: the rest of the explanation of a customer
 * message ("why did Sam in Sales not hear of it?"). Pure, like the audience it mirrors.
 */
export function audienceExclusions(operators: readonly OperatorFacts[], selected: SelectedAudience): Array<{ operatorId: string; reason: ExclusionReason }> {
  const members = new Set(selected.members.map((m) => m.id));
  const byAudience: Record<OperatorAudience, ExclusionReason | undefined> = {
    department: 'not_in_department',
    assigned: 'not_assigned',
    last_handler: 'not_last_handler',
    all_operators: undefined,
  };
  const out: Array<{ operatorId: string; reason: ExclusionReason }> = [];
  for (const o of operators) {
    if (members.has(o.id)) continue;
    const reason = o.role === 'viewer' ? 'viewer' : byAudience[selected.audience];
    if (reason) out.push({ operatorId: o.id, reason });
  }
  return out;
}

export type OperatorSkipReason = 'online' | 'muted' | 'no_email' | 'no_phone';

export type OperatorDecision =
  { operatorId: string; send: true; reason: 'offline'; email: string } | { operatorId: string; send: false; reason: OperatorSkipReason };

export type OperatorEmailPlan =
  /** Nothing decided yet: the bot may still answer. Evaluate again at `until`. */
  | { outcome: 'defer'; until: number }
  /** Nobody is considered at all. */
  | { outcome: 'skip'; reason: 'bot_answered' | 'no_operators' }
  | { outcome: 'decided'; audience: OperatorAudience; basis: AudienceBasis; decisions: OperatorDecision[]; excluded: ReturnType<typeof audienceExclusions> };

/** Operators to email about a customer message. */
export function planOperatorEmails(input: CustomerMessageInput): OperatorEmailPlan {
  const verdict = botGraceVerdict(input.session.status, input.bot);
  if (verdict.kind === 'defer') return { outcome: 'defer', until: verdict.until };
  if (verdict.kind === 'bot_answered') return { outcome: 'skip', reason: 'bot_answered' };

  const selected = selectOperatorAudience(input);
  const { audience, basis, members } = selected;
  if (members.length === 0) return { outcome: 'skip', reason: 'no_operators' };
  const decisions = members.map((o): OperatorDecision => {
    const skip = operatorSkip(o) ?? (o.email ? undefined : 'no_email');
    return skip ? { operatorId: o.id, send: false, reason: skip } : { operatorId: o.id, send: true, reason: 'offline', email: o.email! };
  });
  return { outcome: 'decided', audience, basis, decisions, excluded: audienceExclusions(input.operators, selected) };
}

/** Mute and presence checks shared by every operator channel. */
export function operatorSkip(o: OperatorFacts): 'muted' | 'online' | undefined {
  if (o.muted) return 'muted';
  if (o.online) return 'online';
  return undefined;
}

/** Facts for "someone replied to a customer". */
export interface CustomerReplyInput {
  author: MessageAuthor;
  customer: {
    id: string;
    /** SSE stream open, or polled within HERALD_PRESENCE_TTL_S. */
    online: boolean;
    email: string | null;
    /** The customer muted chat notifications. */
    muted?: boolean;
    /** When the current offline period began (last seen online); null if never seen online. */
    offlineSince: number | null;
    /** When Herald last emailed this customer (queued counts); null if never. */
    lastEmailAt: number | null;
  };
}

export type CustomerEmailSkipReason = 'not_human_reply' | 'online' | 'muted' | 'no_email' | 'already_emailed_this_offline_period';

export type CustomerEmailDecision =
  { customerId: string; send: true; reason: 'offline'; email: string } | { customerId: string; send: false; reason: CustomerEmailSkipReason };

/**
 * Email the customer about an operator's reply: only a human reply, only while offline, at
 * most one email per offline period. The engine must record `lastEmailAt` when it queues the
 * email, or two quick replies would both pass this check.
 */
export function planCustomerEmail(input: CustomerReplyInput): CustomerEmailDecision {
  const c = input.customer;
  const skip = (reason: CustomerEmailSkipReason): CustomerEmailDecision => ({ customerId: c.id, send: false, reason });
  if (input.author !== 'human') return skip('not_human_reply');
  if (c.online) return skip('online');
  if (c.muted) return skip('muted');
  if (!c.email) return skip('no_email');
  // Never seen online: the whole past is one offline period, so any earlier email counts.
  if (c.lastEmailAt !== null && (c.offlineSince === null || c.lastEmailAt >= c.offlineSince)) {
    return skip('already_emailed_this_offline_period');
  }
  return { customerId: c.id, send: true, reason: 'offline', email: c.email };
}
