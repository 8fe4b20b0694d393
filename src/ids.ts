import { randomFillSync } from 'node:crypto';

// Crockford base32: ids sort by creation time, which keeps cursor pagination and indexes cheap.
const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz';
let lastTime = 0;
let lastRandom: Buffer = Buffer.alloc(0);
// Random bytes are drawn 256 ids at a time: one call into OpenSSL per id showed in the hot path's profile.
const POOL = Buffer.alloc(10 * 256);
let poolAt = POOL.length;

function freshRandom(): Buffer {
  if (poolAt === POOL.length) {
    randomFillSync(POOL);
    poolAt = 0;
  }
  poolAt += 10;
  return Buffer.from(POOL.subarray(poolAt - 10, poolAt));
}

function encodeTime(ms: number): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = ALPHABET[t % 32] + time;
    t = Math.floor(t / 32);
  }
  return time;
}

/**
 * The smallest id `newId(prefix)` can give at `ms`: ids made before it sort below it and ids made
 * at or after it sort at or above it, so a time range is an id range any `(…, id)` index serves.
 */
export function idAt(prefix: string, ms: number): string {
  return `${prefix}_${encodeTime(Math.max(0, Math.floor(ms)))}${'0'.repeat(16)}`;
}

/** A prefixed, time-sortable, unguessable id such as `ses_01jf8x…`. */
export function newId(prefix: string, now = Date.now()): string {
  const time = encodeTime(now);
  // Within one millisecond, increment the random part so ids stay strictly ordered.
  let random: Buffer;
  if (now === lastTime) {
    random = Buffer.from(lastRandom);
    for (let i = random.length - 1; i >= 0; i--) {
      random[i] = (random[i]! + 1) & 0xff;
      if (random[i] !== 0) break;
    }
  } else {
    random = freshRandom();
  }
  lastTime = now;
  lastRandom = random;
  let rnd = '';
  for (let i = 0; i < 16; i++) {
    const bit = i * 5;
    const byte = bit >> 3;
    const value = ((random[byte]! << 8) | (random[byte + 1] ?? 0)) >> (11 - (bit & 7));
    rnd += ALPHABET[value & 31];
  }
  return `${prefix}_${time}${rnd}`;
}
