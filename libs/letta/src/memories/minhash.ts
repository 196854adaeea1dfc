import { createHash } from 'node:crypto';
import { shingles } from './text';

/**
 * MinHash signature of a text's word bigrams (memories/text.ts `shingles`). For two texts, the
 * probability that their i-th values are equal is their Jaccard similarity, so with four values
 * a pair at the dedupe threshold 0.8 shares at least one with probability 1 - 0.2^4 ≈ 99.8%,
 * while unrelated texts almost never do. Stored in four indexed columns; the exact Jaccard is
 * then computed for the few candidates found.
 */
export const MINHASH_COLUMNS = ['minhash_1', 'minhash_2', 'minhash_3', 'minhash_4'] as const;
export type MinHashColumn = (typeof MINHASH_COLUMNS)[number];

/** 48 bits: exact as a JavaScript number and as a PostgreSQL bigint. */
function hash48(seed: string, shingle: string): number {
  return createHash('sha1').update(`${seed}\u0000${shingle}`).digest().readUIntBE(0, 6);
}

/**
 * Four values, or null for a text without words (nothing to compare). `salt` (tenant, agent and
 * type) is hashed in, so equal values only ever occur within one agent's memories of one type:
 * the lookup is then a plain OR of four indexed equalities, whatever the agent's size.
 */
export function minHashSignature(text: string, salt = ''): number[] | null {
  const set = shingles(text);
  if (set.size === 0) return null;
  return MINHASH_COLUMNS.map((_c, i) => {
    const seed = `${i}\u0000${salt}`;
    let min = Number.MAX_SAFE_INTEGER;
    for (const s of set) {
      const h = hash48(seed, s);
      if (h < min) min = h;
    }
    return min;
  });
}
