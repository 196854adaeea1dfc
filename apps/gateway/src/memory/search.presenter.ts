import { SEARCH_ENGINES, SEARCH_MODES, type SearchHit, type SearchResult } from '@app/letta';
import { MEMORY_SCHEMA, presentMemory } from './memory.presenter';

/** One ranked hit: the memory, its weighted components and the raw values they came from. */
function presentHit(hit: SearchHit) {
  const { scores, raw } = hit;
  return {
    memory: presentMemory(hit.memory),
    scores: {
      relevance: scores.relevance,
      recency: scores.recency,
      importance: scores.importance,
      similarity: scores.similarity,
      total: scores.total,
    },
    raw: {
      textRank: raw.textRank,
      ageHours: raw.ageHours,
      recency: raw.recency,
      importance: raw.importance,
      cosine: raw.cosine,
    },
  };
}

/** A ranked search: how it ranked (mode, engine, weights) and the hits, best first. */
export function presentSearch(result: SearchResult) {
  const { weights } = result;
  return {
    query: result.query,
    mode: result.mode,
    engine: result.engine,
    weights: {
      relevance: weights.relevance,
      recency: weights.recency,
      importance: weights.importance,
      similarity: weights.similarity,
    },
    halfLifeHours: result.halfLifeHours,
    candidates: result.candidates,
    items: result.items.map(presentHit),
  };
}

const SCORES_SCHEMA = {
  type: 'object',
  description: 'Weighted, min-max normalised components; relevance + recency + importance + similarity = total',
  example: { relevance: 0.5, recency: 0.1, importance: 0.05, similarity: 0, total: 0.65 },
};

export const SEARCH_SCHEMA = {
  type: 'object',
  properties: {
    query: { type: 'string', example: 'EUR/USD scalping' },
    mode: { type: 'string', enum: [...SEARCH_MODES], example: 'fulltext' },
    engine: { type: 'string', enum: [...SEARCH_ENGINES], example: 'sqlite-fts5-bm25' },
    weights: { type: 'object', example: { relevance: 0.5, recency: 0.25, importance: 0.25, similarity: 0 } },
    halfLifeHours: { type: 'number', example: 72 },
    candidates: { type: 'integer', example: 12, description: 'Memories ranked before the limit was applied' },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          memory: MEMORY_SCHEMA,
          scores: SCORES_SCHEMA,
          raw: {
            type: 'object',
            example: { textRank: 3.2, ageHours: 5.5, recency: 0.95, importance: 0.8, cosine: null },
          },
        },
      },
    },
  },
};
