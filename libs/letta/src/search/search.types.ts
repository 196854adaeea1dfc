import type { Memory, MemoryType } from '../memories/memory.types';
import type { ComponentScores, RankedCandidate, RankingWeights } from './ranking';

/** `hybrid` when the query was embedded and cosine similarity took part. */
export const SEARCH_MODES = ['fulltext', 'hybrid'] as const;
export type SearchMode = (typeof SEARCH_MODES)[number];

/** The full-text engine of each dialect: SQLite FTS5 with BM25, PostgreSQL tsvector with ts_rank. */
export const SEARCH_ENGINES = ['sqlite-fts5-bm25', 'postgres-tsvector-ts_rank'] as const;
export type SearchEngine = (typeof SEARCH_ENGINES)[number];

/** A ranked search of one agent's memories. */
export interface SearchParams {
  q: string;
  type?: MemoryType;
  tags?: string[];
  limit: number;
  /** Overrides of the configured weights, per request. */
  weights?: Partial<RankingWeights>;
}

/** One ranked memory with its weighted components and the raw values they came from. */
export interface SearchHit {
  memory: Memory;
  scores: ComponentScores;
  raw: RankedCandidate['raw'];
}

/** The hits of a search and how they were ranked. */
export interface SearchResult {
  query: string;
  mode: SearchMode;
  engine: SearchEngine;
  weights: RankingWeights;
  halfLifeHours: number;
  candidates: number;
  items: SearchHit[];
}
