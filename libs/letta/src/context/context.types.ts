import type { SearchResult } from '../search/search.types';

/** What to pack: the search query, the token budget and the session whose messages to include. */
export interface ContextParams {
  q?: string;
  budgetTokens?: number;
  sessionId?: string;
  recentMessages?: number;
  searchHits?: number;
}

/** One piece of a context window and its cl100k_base token count. */
export type ContextItem =
  | { kind: 'block'; label: string; tokens: number }
  | { kind: 'message'; id: string; role: string | null; tokens: number }
  | { kind: 'memory'; id: string; type: string; score: number; tokens: number };

/** A packed context window: its text, what it includes and what the budget cut. */
export interface AssembledContext {
  budgetTokens: number;
  usedTokens: number;
  tokenizer: string;
  text: string;
  included: ContextItem[];
  cut: Array<ContextItem & { reason: 'budget' }>;
  search: Pick<SearchResult, 'mode' | 'engine'> | null;
}
