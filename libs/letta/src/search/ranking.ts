/**
 * Search ranking (README: "Ranking"). Each candidate gets four components, each min-max
 * normalised over the candidate set to [0, 1] and multiplied by its weight:
 *
 *   relevance  = full-text rank from the database (SQLite -bm25, PostgreSQL ts_rank)
 *   recency    = 0.5 ^ (hours since last access / half-life)
 *   importance = the memory's importance (0..1)
 *   similarity = cosine(query embedding, memory embedding), only in hybrid mode
 *
 *   total = Σ weight_c × normalised_c
 *
 * so the component scores a hit reports add up to its total. A component that does not vary
 * over the candidates normalises to 1 for every candidate (it cannot change the order).
 * A candidate without a value for a component (no text match, no embedding) scores 0 on it.
 */
export interface RankingWeights {
  relevance: number;
  recency: number;
  importance: number;
  similarity: number;
}

export interface RankCandidate {
  id: string;
  /** Higher is more relevant; null when the candidate did not match the text query. */
  textRank: number | null;
  lastAccessedAt: Date;
  importance: number;
  /** Cosine similarity to the query embedding; null without an embedding. */
  cosine: number | null;
}

export interface ComponentScores {
  relevance: number;
  recency: number;
  importance: number;
  similarity: number;
  total: number;
}

export interface RankedCandidate {
  id: string;
  scores: ComponentScores;
  raw: { textRank: number | null; ageHours: number; recency: number; importance: number; cosine: number | null };
}

export interface RankOptions {
  weights: RankingWeights;
  halfLifeHours: number;
  now: Date;
  /** False in full-text mode: the similarity weight is then not applied. */
  useSimilarity: boolean;
}

/** Exponential decay: 1 for "just now", 0.5 after one half-life. */
export function recencyDecay(ageHours: number, halfLifeHours: number): number {
  return Math.pow(0.5, Math.max(0, ageHours) / halfLifeHours);
}

/** Min-max over the non-null values; null stays 0; a constant column is 1 everywhere. */
export function minMaxNormalise(values: ReadonlyArray<number | null>): number[] {
  const present = values.filter((v): v is number => v !== null && Number.isFinite(v));
  if (present.length === 0) return values.map(() => 0);
  const min = Math.min(...present);
  const max = Math.max(...present);
  const span = max - min;
  return values.map((v) => {
    if (v === null || !Number.isFinite(v)) return 0;
    return span <= 1e-12 ? 1 : (v - min) / span;
  });
}

/**
 * The candidates in rank order, best first; only the best `limit` are returned (every candidate
 * still counts in the normalisation). Their raw figures are built for those only: a search ranks a
 * couple of hundred candidates to return ten.
 */
export function rankCandidates(
  candidates: ReadonlyArray<RankCandidate>,
  options: RankOptions,
  limit = candidates.length,
): RankedCandidate[] {
  const { weights, halfLifeHours, now, useSimilarity } = options;
  const ages = candidates.map((c) => Math.max(0, (now.getTime() - c.lastAccessedAt.getTime()) / 3_600_000));
  const decays = ages.map((a) => recencyDecay(a, halfLifeHours));
  const rel = minMaxNormalise(candidates.map((c) => c.textRank));
  const rec = minMaxNormalise(decays);
  const imp = minMaxNormalise(candidates.map((c) => c.importance));
  const sim = useSimilarity ? minMaxNormalise(candidates.map((c) => c.cosine)) : candidates.map(() => 0);
  const simWeight = useSimilarity ? weights.similarity : 0;

  const scoresOf = (i: number): ComponentScores => {
    const relevance = weights.relevance * rel[i];
    const recency = weights.recency * rec[i];
    const importance = weights.importance * imp[i];
    const similarity = simWeight * sim[i];
    return { relevance, recency, importance, similarity, total: relevance + recency + importance + similarity };
  };
  const scores = candidates.map((_, i) => scoresOf(i));
  // Ties: the newer memory (larger ULID) first, so the order is total and repeatable.
  const order = candidates
    .map((_, i) => i)
    .sort((a, b) => {
      const [idA, idB] = [candidates[a].id, candidates[b].id];
      return scores[b].total - scores[a].total || (idA < idB ? 1 : idA > idB ? -1 : 0);
    });
  return order.slice(0, Math.max(0, limit)).map((i) => {
    const c = candidates[i];
    return {
      id: c.id,
      scores: scores[i],
      raw: { textRank: c.textRank, ageHours: ages[i], recency: decays[i], importance: c.importance, cosine: c.cosine },
    };
  });
}

export function cosineSimilarity(a: ReadonlyArray<number>, b: ReadonlyArray<number>): number | null {
  if (a.length === 0 || a.length !== b.length) return null;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  if (na === 0 || nb === 0) return null;
  return dot / Math.sqrt(na * nb);
}
