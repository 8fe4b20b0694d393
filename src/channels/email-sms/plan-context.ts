import type { Bus } from '../../bus/bus.js';
import type { Db, EventPayload } from '../../core/outbox.js';
import type { ProviderStatus } from '../../providers/provider.js';
import type { DecisionLog } from '../../engine/decisions.js';
import type { EmailKind } from './email-templates.js';
import type { PlannedDelivery } from '../../engine/planned-delivery.js';
import type { EmailSettings, EmailSettingsStore, SmsSettings, StoredTemplate } from './email-settings-store.js';
import { loadOperators, type Operator } from './facts.js';
import { notConfigured } from './reasons.js';

export interface StageDeps {
  bus: Bus;
  publicUrl: string;
  graceMs: number;
  settings: EmailSettingsStore;
  /** Builds the relays of the workspace being planned (reading in `tx`), so the two below can answer. */
  prepare(tx: Db): Promise<void>;
  /** The relays of the workspace being planned. */
  emailStatus(): ProviderStatus;
  smsStatus(): ProviderStatus;
  /** The instance's relay (the environment's): sign-in emails go through it from any workspace. */
  instanceEmailStatus(): ProviderStatus;
}

export interface Recipient {
  type: 'customer' | 'operator';
  id: string;
}

/** What one planning batch shares: settings, templates and operators are read once per batch. */
export class PlanContext {
  private operatorsLoaded: Promise<Map<string, Operator>> | undefined;
  private replyKeyLoaded: Promise<Buffer | undefined> | undefined;

  private constructor(
    readonly deps: StageDeps,
    readonly tx: Db,
    readonly now: number,
    readonly email: EmailSettings,
    readonly sms: SmsSettings,
    readonly templates: Record<EmailKind, StoredTemplate>,
    /** Candidates considered that get no row (explain). */
    readonly decisions: DecisionLog,
  ) {}

  static async load(deps: StageDeps, tx: Db, now: number, decisions: DecisionLog): Promise<PlanContext> {
    const [email, sms, templates] = await Promise.all([deps.settings.emailSettings(tx), deps.settings.smsSettings(tx), deps.settings.templates(tx)]);
    return new PlanContext(deps, tx, now, email, sms, templates, decisions);
  }

  operators(): Promise<Map<string, Operator>> {
    this.operatorsLoaded ??= loadOperators(this.tx, this.deps.bus);
    return this.operatorsLoaded;
  }

  /** Undefined when the stored key cannot be read (another HERALD_SECRET_KEY): no reply address then. */
  replyKey(): Promise<Buffer | undefined> {
    // Inside the transaction: on SQLite a query outside it would wait for it forever.
    this.replyKeyLoaded ??= this.deps.settings.replyKey(this.tx).catch(() => undefined);
    return this.replyKeyLoaded;
  }

  /** Undefined when the channel can send; otherwise the reason its deliveries are skipped. */
  unavailable(channel: 'email' | 'sms'): string | undefined {
    const status = channel === 'email' ? this.deps.emailStatus() : this.deps.smsStatus();
    return status.configured ? undefined : notConfigured(channel, status.reason);
  }

  /** A delivery row for this event; `reason` set → recorded as skipped with it. */
  delivery(
    e: EventPayload,
    channel: 'email' | 'sms',
    to: Recipient,
    target: string,
    payload: unknown,
    opts: { reason?: string; delayMs?: number; sessionId?: string | null; customerId?: string | null } = {},
  ): PlannedDelivery {
    return {
      eventId: e.id,
      channel,
      recipientType: to.type,
      recipientId: to.id,
      target,
      payload: JSON.stringify(payload),
      status: opts.reason ? 'skipped' : 'queued',
      ...(opts.reason && { reason: opts.reason }),
      ...(!opts.reason && opts.delayMs && opts.delayMs > 0 && { delayMs: opts.delayMs }),
      agentId: e.agentId,
      sessionId: opts.sessionId !== undefined ? opts.sessionId : e.sessionId,
      customerId: opts.customerId !== undefined ? opts.customerId : e.customerId,
    };
  }
}
