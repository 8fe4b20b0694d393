import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';
import { HeraldError } from '../errors.js';
import type { ApiKeysService } from './api-keys.js';
import type { OperatorsService } from './operators.js';

const DEFAULT_ADMIN_EMAIL = 'admin@herald.local';

/**
 * First start: make sure someone can sign in and the app's backend has a key. Values given by
 * the environment are used as they are; generated ones are returned once for printing and are
 * never stored in plain text.
 */
/** Runs a create; false when another process created the same thing first (unique violation). */
async function ignoreConflict(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (err) {
    if (err instanceof HeraldError && err.code === 'HERALD_CONFLICT') return false;
    if (/unique|duplicate key/i.test((err as Error).message)) return false;
    throw err;
  }
}

export async function bootstrap(config: Readonly<Config>, operators: OperatorsService, apiKeys: ApiKeysService): Promise<string[]> {
  const lines: string[] = [];
  if (config.adminEmail && config.adminPassword) {
    const exists = (await operators.list()).some((o) => o.email === config.adminEmail);
    // Two processes starting together on an empty database both get here; one insert wins.
    if (!exists && (await ignoreConflict(operators.create({ email: config.adminEmail, name: 'Admin', role: 'admin', password: config.adminPassword })))) {
      lines.push(`Admin operator created: ${config.adminEmail} (password from HERALD_ADMIN_PASSWORD)`);
    }
  } else if ((await operators.count()) === 0) {
    const password = randomBytes(12).toString('base64url');
    // Processes of a cluster starting together all see no operator; one creates it, and only that
    // one prints the password.
    if (await ignoreConflict(operators.create({ email: DEFAULT_ADMIN_EMAIL, name: 'Admin', role: 'admin', password }))) {
      lines.push(`Admin login:    ${DEFAULT_ADMIN_EMAIL} / ${password}`);
    }
  }
  if (config.apiKey) {
    await apiKeys.create('bootstrap (HERALD_API_KEY)', config.apiKey);
  } else if ((await apiKeys.count()) === 0) {
    const { key } = await apiKeys.create('bootstrap');
    lines.push(`Server API key: ${key}`);
  }
  if (lines.length) lines.push('These are shown once; keep them somewhere safe.');
  return lines;
}
