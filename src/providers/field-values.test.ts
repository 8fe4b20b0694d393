import { describe, expect, it } from 'vitest';
import { SECRET_CHANGED, SECRET_SET } from '../core/audit.js';
import { HeraldError } from '../errors.js';
import { SecretBox } from '../security/secret-box.js';
import { describeFields, effectiveValues, storedAfter, storedChanges, type ValueSources } from './field-values.js';
import type { EnvUse, FieldSpec } from './provider-fields.js';

const FIELDS: FieldSpec[] = [
  { key: 'token', env: 'X_TOKEN', label: 'Token', secret: true },
  { key: 'from', env: 'X_FROM', label: 'From', secret: false },
  { key: 'apiBase', env: 'X_API_BASE', label: 'API base', secret: false },
];
const box = new SecretBox(Buffer.alloc(32, 7));
const envValues = { token: 'env-token', from: 'env-from', apiBase: 'https://env.example' };
const sources = (env: EnvUse, envSet: string[] = ['X_TOKEN']): ValueSources => ({
  env,
  envSet: new Set(envSet),
  envValues,
  builtIn: { apiBase: 'https://built-in.example' },
  decrypt: (v) => box.decrypt(v),
});

describe('effectiveValues', () => {
  it('in default, a field set in the environment wins; the rest are stored values, then the environment defaults', () => {
    const stored = { token: box.encrypt('stored-token'), from: 'stored-from' };
    const { values, fromEnv } = effectiveValues(FIELDS, sources('own'), stored);
    expect(values).toEqual({ token: 'env-token', from: 'stored-from', apiBase: 'https://env.example' });
    expect([...fromEnv]).toEqual(['token']);
  });

  it('with sharing, the environment applies to a provider stored nothing for, and never mixes with stored values', () => {
    expect(effectiveValues(FIELDS, sources('fallback'), {}).values).toEqual(envValues);
    const own = effectiveValues(FIELDS, sources('fallback'), { from: 'mine' });
    expect(own.values).toEqual({ token: undefined, from: 'mine', apiBase: 'https://built-in.example' });
    expect(own.fromEnv.size).toBe(0);
    expect(own.useEnv).toBe(false);
  });

  it('without sharing, another workspace sees nothing of the environment', () => {
    const { values, fromEnv } = effectiveValues(FIELDS, sources('none'), { token: box.encrypt('t') });
    expect(values).toEqual({ token: 't', from: undefined, apiBase: 'https://built-in.example' });
    expect(fromEnv.size).toBe(0);
  });
});

describe('describeFields', () => {
  it('shows a secret only as set, never its value', () => {
    const shown = describeFields(FIELDS, { token: 'hunter2', from: 'a@b.example' }, new Set(['from']));
    expect(shown.map((f) => [f.key, f.value, f.fromEnv])).toEqual([
      ['token', '••••••', false],
      ['from', 'a@b.example', true],
      ['apiBase', null, false],
    ]);
  });
});

describe('storedAfter and storedChanges', () => {
  const encrypt = (v: string) => box.encrypt(v);

  it('encrypts secrets, removes cleared fields and audits a secret only as changed', () => {
    const before = { token: box.encrypt('old'), from: 'old-from' };
    const after = storedAfter('x', FIELDS, { env: 'none', envSet: new Set(['X_TOKEN']), encrypt }, before, {
      token: 'new',
      from: null,
      apiBase: 'https://mine.example',
    });
    expect(box.decrypt(after.token!)).toBe('new');
    expect(after.token).not.toContain('new');
    expect(after).not.toHaveProperty('from');
    expect(before.from).toBe('old-from');
    expect(storedChanges(FIELDS, before, after, (v) => box.decrypt(v))).toEqual({
      token: [SECRET_SET, SECRET_CHANGED],
      from: ['old-from', null],
      apiBase: [null, 'https://mine.example'],
    });
  });

  it('refuses a field the environment sets in default (409) and an unknown field (400)', () => {
    const conflict = () => storedAfter('x', FIELDS, { env: 'own', envSet: new Set(['X_TOKEN']), encrypt }, {}, { token: 't' });
    expect(conflict).toThrow(expect.objectContaining({ status: 409, message: 'X_TOKEN is set in the environment; change it there.' }));
    expect(() => storedAfter('x', FIELDS, { env: 'none', envSet: new Set(), encrypt }, {}, { nope: 'v' })).toThrow(HeraldError);
  });
});
