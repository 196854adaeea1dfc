import { cosineSimilarity, minMaxNormalise, rankCandidates, recencyDecay, RankCandidate } from './ranking';

const NOW = new Date('2026-01-10T00:00:00.000Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000);

// relevant-but-stale, fresh-but-weak, important-but-weak: each wins under a different weighting.
const FIXTURE: RankCandidate[] = [
  { id: 'A', textRank: 9, lastAccessedAt: hoursAgo(240), importance: 0.1, cosine: null },
  { id: 'B', textRank: 4, lastAccessedAt: hoursAgo(0), importance: 0.2, cosine: null },
  { id: 'C', textRank: 1, lastAccessedAt: hoursAgo(240), importance: 1.0, cosine: null },
];

const rank = (weights: { relevance: number; recency: number; importance: number }) =>
  rankCandidates(FIXTURE, {
    weights: { ...weights, similarity: 0 },
    halfLifeHours: 24,
    now: NOW,
    useSimilarity: false,
  });

describe('ranking', () => {
  it('returns the best `limit` exactly as the head of the whole ranking, normalised over every candidate', () => {
    const options = {
      weights: { relevance: 0.5, recency: 0.3, importance: 0.2, similarity: 0 },
      halfLifeHours: 24,
      now: NOW,
    };
    const whole = rankCandidates(FIXTURE, { ...options, useSimilarity: false });
    expect(rankCandidates(FIXTURE, { ...options, useSimilarity: false }, 2)).toEqual(whole.slice(0, 2));
    expect(rankCandidates(FIXTURE, { ...options, useSimilarity: false }, 0)).toEqual([]);
  });

  it('orders by relevance when relevance dominates', () => {
    expect(rank({ relevance: 1, recency: 0.1, importance: 0.1 }).map((r) => r.id)).toEqual(['A', 'B', 'C']);
  });

  it('orders by importance when importance dominates', () => {
    expect(rank({ relevance: 0.1, recency: 0.1, importance: 1 }).map((r) => r.id)).toEqual(['C', 'B', 'A']);
  });

  it('orders by recency when recency dominates', () => {
    expect(rank({ relevance: 0.3, recency: 1, importance: 0.2 }).map((r) => r.id)).toEqual(['B', 'A', 'C']);
  });

  it('reports weighted normalised components that add up to the total', () => {
    const ranked = rank({ relevance: 0.5, recency: 0.25, importance: 0.25 });
    for (const hit of ranked) {
      const { relevance, recency, importance, similarity, total } = hit.scores;
      expect(relevance + recency + importance + similarity).toBeCloseTo(total, 12);
    }
    const b = ranked.find((r) => r.id === 'B')!;
    // B: relevance (4-1)/(9-1)=0.375, freshest → recency 1, importance (0.2-0.1)/(1-0.1)=1/9.
    expect(b.scores.relevance).toBeCloseTo(0.5 * 0.375, 12);
    expect(b.scores.recency).toBeCloseTo(0.25, 12);
    expect(b.scores.importance).toBeCloseTo(0.25 / 9, 12);
    expect(b.raw.ageHours).toBe(0);
  });

  it('ignores similarity in full-text mode and blends it in hybrid mode', () => {
    const withCos = FIXTURE.map((c, i) => ({ ...c, cosine: [0.1, 0.2, 0.9][i] }));
    const weights = { relevance: 0.1, recency: 0, importance: 0, similarity: 1 };
    const off = rankCandidates(withCos, { weights, halfLifeHours: 24, now: NOW, useSimilarity: false });
    const on = rankCandidates(withCos, { weights, halfLifeHours: 24, now: NOW, useSimilarity: true });
    expect(off.map((r) => r.id)).toEqual(['A', 'B', 'C']);
    expect(off.every((r) => r.scores.similarity === 0)).toBe(true);
    expect(on.map((r) => r.id)).toEqual(['C', 'B', 'A']);
  });

  it('normalises: constant columns to 1, missing values to 0', () => {
    expect(minMaxNormalise([2, 2])).toEqual([1, 1]);
    expect(minMaxNormalise([null, 1, 3])).toEqual([0, 0, 1]);
    expect(minMaxNormalise([null])).toEqual([0]);
  });

  it('halves recency every half-life and computes cosine similarity', () => {
    expect(recencyDecay(0, 24)).toBe(1);
    expect(recencyDecay(48, 24)).toBeCloseTo(0.25, 12);
    expect(cosineSimilarity([1, 0], [0, 1])).toBe(0);
    expect(cosineSimilarity([1, 2], [2, 4])).toBeCloseTo(1, 12);
    expect(cosineSimilarity([1], [1, 2])).toBeNull();
    expect(cosineSimilarity([0, 0], [1, 2])).toBeNull();
  });
});
