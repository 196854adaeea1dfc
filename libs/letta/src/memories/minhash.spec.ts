import { minHashSignature } from './minhash';

describe('MinHash signature', () => {
  it('is identical for texts that normalise to the same words', () => {
    expect(minHashSignature('Close GBP before the BoE!')).toEqual(minHashSignature('close gbp before the boe'));
  });

  it("differs between salts (agents, types), so lookups never meet another agent's values", () => {
    const a = minHashSignature('close gbp before the boe', 't\u0000agent-1\u0000semantic')!;
    const b = minHashSignature('close gbp before the boe', 't\u0000agent-2\u0000semantic')!;
    expect(a.filter((v, i) => v === b[i])).toEqual([]);
  });

  it('has four 48-bit values, null without words', () => {
    const sig = minHashSignature('buy EUR sell USD')!;
    expect(sig).toHaveLength(4);
    for (const v of sig) expect(Number.isSafeInteger(v) && v >= 0 && v < 2 ** 48).toBe(true);
    expect(minHashSignature('?!')).toBeNull();
  });

  it('agrees on a share of values close to the Jaccard similarity (over many pairs)', () => {
    // 50 bigrams, 40 shared (Jaccard 40/60 = 0.67): the expected share of equal values is 0.67.
    let equal = 0;
    let total = 0;
    for (let trial = 0; trial < 100; trial++) {
      const common = Array.from({ length: 41 }, (_, i) => `w${trial}x${i}`);
      const a = [...common, ...Array.from({ length: 10 }, (_, i) => `a${trial}y${i}`)].join(' ');
      const b = [...common, ...Array.from({ length: 10 }, (_, i) => `b${trial}z${i}`)].join(' ');
      const sa = minHashSignature(a)!;
      const sb = minHashSignature(b)!;
      equal += sa.filter((v, i) => v === sb[i]).length;
      total += 4;
    }
    expect(equal / total).toBeGreaterThan(0.55);
    expect(equal / total).toBeLessThan(0.8);
  });

  it('almost never agrees for unrelated texts', () => {
    let equal = 0;
    for (let i = 0; i < 200; i++) {
      const a = minHashSignature(`alpha ${i} beta gamma delta ${i * 7}`)!;
      const b = minHashSignature(`omega ${i} psi chi phi ${i * 11}`)!;
      equal += a.filter((v, j) => v === b[j]).length;
    }
    expect(equal).toBe(0);
  });
});
