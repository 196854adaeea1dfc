import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
const pool = new Uint8Array(POOL_BYTES);
let next = POOL_BYTES;

/**
 * A PRNG for ulid that draws from a pool of cryptographic random bytes refilled 4 KB at a time.
 * ulid's default calls crypto.getRandomValues once per character (16 per id), which showed up as
 * 4 % of a request's CPU. Each draw is one byte / 256, so ulid's `floor(x * 32)` stays uniform.
 */
export function pooledRandom(): number {
  if (next === POOL_BYTES) {
    randomFillSync(pool);
    next = 0;
  }
  return pool[next++] / 256;
}
