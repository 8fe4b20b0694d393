/**
 * The field logic shared by every provider a workspace configures in Settings — push providers
 * (registry.ts) and its SMTP and Twilio relays (channels/email-sms/workspace-relays.ts): which
 * value each field takes, how Settings shows it, how an update is stored and audited.
 */
import { type AuditChanges, secretChange } from '../core/audit.js';
import { HeraldError } from '../errors.js';
import type { EnvUse, FieldSpec, Values } from './provider-fields.js';

/** A provider's settings as stored in a workspace's settings: secrets encrypted. */
export type Stored = Record<string, string>;

/** Where a workspace's values for one provider may come from besides what it stored. */
export interface ValueSources {
  /** How this workspace may use the environment (provider-fields.ts `envUseOf`). */
  env: EnvUse;
  /** Variables actually present in the environment (a config default is not "set by environment"). */
  envSet: ReadonlySet<string>;
  /** The environment's values, config defaults included. */
  envValues: Values;
  /** Defaults when this workspace does not use the environment. */
  builtIn: Values;
  decrypt: (sealed: string) => string;
}

/** Whether the environment's settings apply: always in `default`; when sharing, to a provider the workspace stored nothing for. */
export function usesEnv(env: EnvUse, stored: Stored): boolean {
  return env === 'own' || (env === 'fallback' && Object.keys(stored).length === 0);
}

/**
 * Effective values: the environment (where this workspace may use it) over stored settings over
 * defaults; `fromEnv` names the fields the environment set.
 */
export function effectiveValues(fields: FieldSpec[], sources: ValueSources, stored: Stored): { values: Values; fromEnv: Set<string>; useEnv: boolean } {
  const useEnv = usesEnv(sources.env, stored);
  const defaults = useEnv ? sources.envValues : sources.builtIn;
  const values: Values = {};
  const fromEnv = new Set<string>();
  for (const f of fields) {
    if (useEnv && sources.envSet.has(f.env)) {
      values[f.key] = sources.envValues[f.key];
      fromEnv.add(f.key);
    } else if (stored[f.key] !== undefined) {
      values[f.key] = f.secret ? sources.decrypt(stored[f.key]!) : stored[f.key];
    } else {
      values[f.key] = defaults[f.key];
    }
  }
  return { values, fromEnv, useEnv };
}

/** Every field as Settings shows it: its value (a secret only as set or not) and where it comes from. */
export function describeFields(fields: FieldSpec[], values: Values, fromEnv: ReadonlySet<string>) {
  return fields.map((f) => ({
    key: f.key,
    label: f.label,
    env: f.env,
    secret: f.secret,
    value: f.secret ? (values[f.key] ? '••••••' : null) : (values[f.key] ?? null),
    fromEnv: fromEnv.has(f.key),
  }));
}

/**
 * The stored settings after an update (null or '' removes a field; secrets encrypted). A field the
 * environment sets is refused where the environment binds this workspace (`default`): elsewhere a
 * stored value replaces a shared one.
 */
export function storedAfter(
  name: string,
  fields: FieldSpec[],
  sources: Pick<ValueSources, 'env' | 'envSet'> & { encrypt: (plain: string) => string },
  stored: Stored,
  input: Record<string, string | null>,
): Stored {
  const next = { ...stored };
  for (const [key, value] of Object.entries(input)) {
    const spec = fields.find((f) => f.key === key);
    if (!spec) throw new HeraldError('VALIDATION', `${name} has no setting "${key}"; it has ${fields.map((f) => f.key).join(', ')}.`);
    if (sources.env === 'own' && sources.envSet.has(spec.env)) throw new HeraldError('CONFLICT', `${spec.env} is set in the environment; change it there.`);
    if (value === null || value === '') delete next[key];
    else next[key] = spec.secret ? sources.encrypt(value) : value;
  }
  return next;
}

/** What an update changed, for the audit log: a secret only as `[secret changed]`. */
export function storedChanges(fields: FieldSpec[], before: Stored, after: Stored, decrypt: (sealed: string) => string): AuditChanges {
  const changes: AuditChanges = {};
  for (const f of fields) {
    if (f.secret) {
      const c = secretChange(before[f.key] && decrypt(before[f.key]!), after[f.key] && decrypt(after[f.key]!));
      if (c) changes[f.key] = c;
    } else if ((before[f.key] ?? null) !== (after[f.key] ?? null)) {
      changes[f.key] = [before[f.key] ?? null, after[f.key] ?? null];
    }
  }
  return changes;
}
