import { HeraldError } from '../errors.js';

/**
 * NUL cannot be stored as text by PostgreSQL (it fails the insert: a 500) and SQLite keeps it
 * silently (then every consumer cuts the text short). One rule for both engines, checked after
 * the schema on every JSON body: any string with U+0000, at any depth, is a 400.
 */
export function refuseNul(value: unknown, path: string): void {
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new HeraldError('VALIDATION', `${path} contains a NUL character (U+0000), which text may not contain.`);
    return;
  }
  if (Buffer.isBuffer(value)) return;
  if (Array.isArray(value)) {
    value.forEach((v, i) => refuseNul(v, `${path}.${i}`));
    return;
  }
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      refuseNul(k, `${path} key`);
      refuseNul(v, `${path}.${k}`);
    }
  }
}
