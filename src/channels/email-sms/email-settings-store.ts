import { randomBytes } from 'node:crypto';
import { Cron } from 'croner';
import type { Db } from '../../core/outbox.js';
import { diff } from '../../core/audit.js';
import type { SettingsStore } from '../../core/settings.js';
import { HeraldError } from '../../errors.js';
import type { SecretBox } from '../../security/secret-box.js';
import { DEFAULT_WORKSPACE, withWorkspace } from '../../store/workspace-scope.js';
import { DEFAULT_EMAIL_TEMPLATES, EMAIL_KINDS, MERGE_FIELDS, type EmailKind, type EmailTemplate, validateTemplate } from './email-templates.js';

export interface EmailSettings {
  /** immediate: one email per event; digest: one email per recipient per schedule slot. */
  delivery: 'immediate' | 'digest';
  /** Cron pattern (5 fields, or 6 with seconds first) for digest runs. */
  digestSchedule: string;
  /** IANA time zone the schedule is read in. */
  digestTimezone: string;
  /** Domain whose mail reaches POST /webhooks/email/inbound; set → customer emails get a reply address. */
  replyDomain: string | null;
  /** Where customers continue a conversation, e.g. https://app.example.com/chat/{conversation_id}. */
  customerLink: string | null;
}

export interface SmsSettings {
  /** Alphanumeric sender id used instead of TWILIO_FROM where the country allows it. */
  senderName: string | null;
}

export const DEFAULT_EMAIL_SETTINGS: Readonly<EmailSettings> = Object.freeze({
  delivery: 'immediate',
  // Hourly at minute 0: frequent enough to matter, rare enough to be a digest.
  digestSchedule: '0 * * * *',
  digestTimezone: 'UTC',
  replyDomain: null,
  customerLink: null,
});

const SENDER_NAME = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const KEY = {
  email: 'email.settings',
  sms: 'sms.settings',
  replyKey: 'email.reply_key',
  template: (kind: EmailKind) => `email.template.${kind}`,
};

export interface StoredTemplate extends EmailTemplate {
  name: EmailKind;
  /** false while the built-in default is used. */
  custom: boolean;
}

/**
 * Email and SMS settings, templates and the reply-address key: their shapes, defaults and
 * validation, kept in the one settings store (core/settings.ts) like every module's settings.
 */
export class EmailSettingsStore {
  private replyKeyCache: Buffer | undefined;

  constructor(
    private readonly store: SettingsStore,
    private readonly box: SecretBox,
  ) {}

  async emailSettings(db?: Db): Promise<EmailSettings> {
    return { ...DEFAULT_EMAIL_SETTINGS, ...(await this.store.get<Partial<EmailSettings>>(KEY.email, {}, db)) };
  }

  async updateEmailSettings(patch: Partial<EmailSettings>): Promise<EmailSettings> {
    const next = { ...(await this.emailSettings()), ...patch };
    assertSchedule(next.digestSchedule, next.digestTimezone);
    if (next.customerLink !== null && !/^https?:\/\//.test(next.customerLink)) {
      throw new HeraldError('VALIDATION', 'customerLink must be an http(s) URL, e.g. https://app.example.com/chat/{conversation_id}.');
    }
    await this.write(KEY.email, next, { id: 'email', before: await this.emailSettings() });
    return next;
  }

  async smsSettings(db?: Db): Promise<SmsSettings> {
    return { senderName: null, ...(await this.store.get<Partial<SmsSettings>>(KEY.sms, {}, db)) };
  }

  async updateSmsSettings(patch: Partial<SmsSettings>): Promise<SmsSettings> {
    const next = { ...(await this.smsSettings()), ...patch };
    if (next.senderName !== null && !SENDER_NAME.test(next.senderName)) {
      throw new HeraldError('VALIDATION', 'senderName must be 1–11 letters, digits or spaces with at least one letter (Twilio alphanumeric sender id).');
    }
    await this.write(KEY.sms, next, { id: 'sms', before: await this.smsSettings() });
    return next;
  }

  async templates(db?: Db): Promise<Record<EmailKind, StoredTemplate>> {
    const stored = await this.store.withPrefix<EmailTemplate>('email.template.', db);
    const out = {} as Record<EmailKind, StoredTemplate>;
    for (const kind of EMAIL_KINDS) {
      const custom = stored.get(KEY.template(kind));
      out[kind] = { name: kind, ...(custom ?? DEFAULT_EMAIL_TEMPLATES[kind]), custom: custom !== undefined };
    }
    return out;
  }

  async template(kind: EmailKind): Promise<StoredTemplate> {
    return (await this.templates())[kind];
  }

  /** Saves the given parts over the current template; unknown merge fields are refused by name. */
  async updateTemplate(kind: EmailKind, patch: Partial<EmailTemplate>): Promise<StoredTemplate> {
    const current = await this.template(kind);
    const next: EmailTemplate = { subject: patch.subject ?? current.subject, text: patch.text ?? current.text, html: patch.html ?? current.html };
    assertTemplate(next);
    await this.write(KEY.template(kind), next, { id: kind, before: { subject: current.subject, text: current.text, html: current.html }, template: true });
    return { name: kind, ...next, custom: true };
  }

  async resetTemplate(kind: EmailKind): Promise<StoredTemplate> {
    const current = await this.template(kind);
    const d = DEFAULT_EMAIL_TEMPLATES[kind];
    await this.store.deleteAudited(KEY.template(kind), {
      action: 'template.reset',
      target: { type: 'template', id: kind },
      changes: diff({ subject: current.subject, text: current.text, html: current.html }, { subject: d.subject, text: d.text, html: d.html }),
    });
    return { name: kind, ...d, custom: false };
  }

  /**
   * The key signing reply addresses: made once, kept encrypted, shared by every process and every
   * workspace (kept in `default`'s settings): an inbound mail names only its session, whose row
   * then says which workspace it is in.
   */
  async replyKey(db?: Db): Promise<Buffer> {
    if (this.replyKeyCache) return this.replyKeyCache;
    const fresh = this.box.encrypt(randomBytes(32).toString('base64'));
    const stored = await withWorkspace(DEFAULT_WORKSPACE, () => this.store.setIfAbsent(KEY.replyKey, fresh, db));
    this.replyKeyCache = Buffer.from(this.box.decrypt(stored), 'base64');
    return this.replyKeyCache;
  }

  /** Writes a setting and its audit entry (settings.updated / template.updated) in one transaction. */
  private async write(key: string, value: object, audit: { id: string; before: object; template?: boolean }): Promise<void> {
    await this.store.setAudited(key, value, {
      action: audit.template ? 'template.updated' : 'settings.updated',
      target: { type: audit.template ? 'template' : 'settings', id: audit.id },
      changes: diff({ ...audit.before }, { ...value }),
    });
  }
}

/** 400 naming every unknown merge field, and the ones that exist. */
export function assertTemplate(t: Partial<EmailTemplate>): void {
  const unknown = validateTemplate(t);
  if (unknown.length) {
    throw new HeraldError(
      'VALIDATION',
      `Unknown merge field${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}. Known fields: ${MERGE_FIELDS.map((f) => `{${f}}`).join(' ')}.`,
    );
  }
}

/** Parses the schedule the way the scheduler will; a bad pattern or zone is a 400 with croner's reason. */
export function assertSchedule(pattern: string, timezone: string): Cron {
  try {
    new Intl.DateTimeFormat('en', { timeZone: timezone });
  } catch {
    throw new HeraldError('VALIDATION', `digestTimezone "${timezone}" is not an IANA time zone (e.g. Europe/Berlin).`);
  }
  try {
    return new Cron(pattern, { paused: true, timezone });
  } catch (err) {
    throw new HeraldError('VALIDATION', `digestSchedule "${pattern}" is not a cron pattern: ${(err as Error).message}`);
  }
}
