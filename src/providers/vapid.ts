import { createECDH, randomUUID } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import webpush from 'web-push';

/** A VAPID key pair as URL-safe base64 (no padding): 65-byte public point, 32-byte private scalar. */
export interface VapidKeys {
  publicKey: string;
  privateKey: string;
}

export interface LoadVapidKeysOptions {
  /** HERALD_DATA_DIR: where `vapid.json` is kept when the environment gives no keys. */
  dataDir: string;
  /** VAPID_PUBLIC_KEY */
  publicKey?: string | undefined;
  /** VAPID_PRIVATE_KEY */
  privateKey?: string | undefined;
}

export const VAPID_FILE = 'vapid.json';

/**
 * The server's VAPID keys: from the environment when given, else from `<dataDir>/vapid.json`,
 * generated there on first start. Browsers bind a subscription to the public key, so once
 * generated the file must survive restarts — regenerating it would orphan every subscription.
 * Throws (a configuration error at startup) when the keys are malformed or do not match.
 */
export async function loadVapidKeys(options: LoadVapidKeysOptions): Promise<VapidKeys & { source: 'env' | 'file' | 'generated' }> {
  const { publicKey, privateKey } = options;
  if (publicKey || privateKey) {
    if (!publicKey || !privateKey) {
      throw new Error('VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY must be set together (or both left unset).');
    }
    assertVapidKeys({ publicKey, privateKey }, 'VAPID_PUBLIC_KEY / VAPID_PRIVATE_KEY');
    return { publicKey, privateKey, source: 'env' };
  }

  const file = join(options.dataDir, VAPID_FILE);
  const existing = await readKeyFile(file);
  if (existing) return { ...existing, source: 'file' };

  await mkdir(options.dataDir, { recursive: true });
  const generated = webpush.generateVAPIDKeys();
  const content = `${JSON.stringify({ ...generated, createdAt: new Date().toISOString() }, null, 2)}\n`;
  // Write aside, then hard-link into place: link fails if another process (cluster mode, or a
  // second CLI call) won the race, and then everyone uses the winner's keys.
  const tmp = `${file}.${randomUUID()}.tmp`;
  await writeFile(tmp, content, { mode: 0o600 });
  try {
    await link(tmp, file);
    return { ...generated, source: 'generated' };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const winner = await readKeyFile(file);
    if (!winner) throw new Error(`${file} appeared while generating VAPID keys but cannot be read.`);
    return { ...winner, source: 'file' };
  } finally {
    await unlink(tmp).catch(() => undefined);
  }
}

async function readKeyFile(file: string): Promise<VapidKeys | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  let parsed: Partial<VapidKeys>;
  try {
    parsed = JSON.parse(text) as Partial<VapidKeys>;
  } catch {
    throw new Error(`${file} is not valid JSON; fix it or set VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY.`);
  }
  if (typeof parsed.publicKey !== 'string' || typeof parsed.privateKey !== 'string') {
    throw new Error(`${file} must contain "publicKey" and "privateKey".`);
  }
  const keys = { publicKey: parsed.publicKey, privateKey: parsed.privateKey };
  assertVapidKeys(keys, file);
  return keys;
}

/** Checks shape and that the public key belongs to the private key; never echoes the private key. */
export function assertVapidKeys(keys: VapidKeys, where: string): void {
  const b64url = /^[A-Za-z0-9_-]+$/;
  const pub = b64url.test(keys.publicKey) ? Buffer.from(keys.publicKey, 'base64url') : Buffer.alloc(0);
  const priv = b64url.test(keys.privateKey) ? Buffer.from(keys.privateKey, 'base64url') : Buffer.alloc(0);
  if (pub.length !== 65 || pub[0] !== 0x04) {
    throw new Error(`${where}: the VAPID public key must be a URL-safe base64 P-256 point (65 bytes).`);
  }
  if (priv.length !== 32) {
    throw new Error(`${where}: the VAPID private key must be URL-safe base64 of 32 bytes.`);
  }
  let derived: Buffer;
  try {
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(priv);
    derived = ecdh.getPublicKey();
  } catch {
    throw new Error(`${where}: the VAPID private key is not a valid P-256 key.`);
  }
  if (!derived.equals(pub)) {
    throw new Error(`${where}: the VAPID public key does not belong to the private key.`);
  }
}
