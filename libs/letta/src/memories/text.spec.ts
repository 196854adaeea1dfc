import { contentSimilarity, jaccard, queryTerms, shingles, tokenize } from './text';

describe('memory text helpers', () => {
  it('tokenizes case-, width- and punctuation-insensitively', () => {
    expect(tokenize('EUR/USD: Buy!  ＡＢＣ 42')).toEqual(['eur', 'usd', 'buy', 'abc', '42']);
  });

  it('treats a rewording that only changes case and punctuation as identical', () => {
    expect(contentSimilarity('User prefers EUR/USD scalping.', 'user prefers eur usd scalping')).toBe(1);
  });

  it('keeps word order: swapped buy/sell is not a near-duplicate', () => {
    expect(contentSimilarity('buy EUR sell USD', 'sell EUR buy USD')).toBe(0);
  });

  it('scores one changed word in a long sentence below 0.8', () => {
    const a = 'the trader closes every losing position before the weekly close on friday';
    const b = 'the trader closes every winning position before the weekly close on friday';
    const s = contentSimilarity(a, b);
    expect(s).toBeGreaterThan(0.6);
    expect(s).toBeLessThan(0.8);
  });

  it('uses unigrams for one-word texts and gives empty texts no similarity', () => {
    expect([...shingles('Hello')]).toEqual(['hello']);
    expect(jaccard(new Set(), new Set())).toBe(0);
    expect(contentSimilarity('!!!', '???')).toBe(0);
  });

  it('bounds and deduplicates query terms', () => {
    expect(queryTerms('a b a c', 2)).toEqual(['a', 'b']);
  });
});
