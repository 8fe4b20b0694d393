import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Loads a key kept in the data dir, creating it on first start. Used when the operator did not
 * provide HERALD_SECRET_KEY / HERALD_IDENTITY_SECRET: a restart must find the same keys, or
 * every stored secret and every issued token would become unreadable.
 */
export function loadOrCreateKeyFile(dataDir: string, name: string, bytes: number): Buffer {
  const file = path.join(dataDir, name);
  try {
    const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length === bytes) return key;
    throw new Error(`${file} does not hold a ${bytes}-byte base64 key; remove it to generate a new one.`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(bytes);
  // wx: never overwrite a key another process created a moment ago.
  try {
    fs.writeFileSync(file, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateKeyFile(dataDir, name, bytes);
    throw err;
  }
}
