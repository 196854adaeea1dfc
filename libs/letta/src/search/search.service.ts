import { Injectable } from '@nestjs/common';
import { AppError, LettaSettings } from '@app/infrastructure';
import { cosineSimilarity, rankCandidates, type RankingWeights } from './ranking';
import { queryTerms } from '../memories/text';
import type { AgentScope, Memory } from '../memories/memory.types';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import type { SearchMode, SearchParams, SearchResult } from './search.types';
import { LettaMetrics } from '../letta.metrics';
import { searchAttributes, withMemorySpan } from '../memory-spans';
import { EmbeddingRepository } from '../persistence/embedding.repository';
import { MemoryRepository } from '../persistence/memory.repository';
import { MemorySearchRepository, type RankingFields } from '../persistence/memory-search.repository';

// Longest query we accept terms from; longer input is still searched on its first terms.
const MAX_QUERY_TERMS = 32;

/** Ranked retrieval: full-text candidates from the database, re-ranked by search/ranking.ts. */
@Injectable()
export class SearchService {
  constructor(
    private readonly memories: MemoryRepository,
    private readonly candidates: MemorySearchRepository,
    private readonly stored: EmbeddingRepository,
    private readonly embeddings: EmbeddingsService,
    private readonly settings: LettaSettings,
    private readonly metrics: LettaMetrics,
  ) {}

  /** Searches and records the access of every returned hit. */
  search(scope: AgentScope, params: SearchParams): Promise<SearchResult> {
    return this.metrics.track('search', () =>
      withMemorySpan('search', scope, async (span) => {
        const result = await this.rank(scope, params);
        span.setAttributes(searchAttributes(result));
        const now = new Date();
        await this.touch(
          scope,
          result.items.map((h) => h.memory),
          now,
        );
        return result;
      }),
    );
  }

  /** Ranks without recording access (the context route records only what it includes). */
  async rank(scope: AgentScope, params: SearchParams): Promise<SearchResult> {
    const terms = queryTerms(params.q, MAX_QUERY_TERMS);
    if (terms.length === 0)
      throw AppError.validation([{ field: 'q', message: 'must contain at least one letter or digit' }]);
    const { ranking } = this.settings;
    const weights: RankingWeights = {
      relevance: params.weights?.relevance ?? ranking.relevanceWeight,
      recency: params.weights?.recency ?? ranking.recencyWeight,
      importance: params.weights?.importance ?? ranking.importanceWeight,
      similarity: params.weights?.similarity ?? ranking.similarityWeight,
    };
    const filter = { type: params.type, tags: params.tags };
    const now = new Date();

    // Full-text candidates come with their ranking fields; full rows are loaded for the hits only.
    const candidates: RankingFields[] = await this.candidates.fullTextCandidates(
      scope,
      terms,
      filter,
      ranking.candidateLimit,
      now,
    );
    const found = new Set(candidates.map((c) => c.id));

    let mode: SearchMode = 'fulltext';
    let cosine = new Map<string, number>();
    const [queryVector] = this.embeddings.configured ? await this.embeddings.embed([params.q]) : [null];
    if (queryVector) {
      mode = 'hybrid';
      // Semantic neighbours need not share a word with the query: add the agent's recently used
      // embedded memories as candidates too, so similarity can bring them in.
      const extra = (await this.stored.recentEmbedded(scope, filter, ranking.candidateLimit, now)).filter(
        (id) => !found.has(id),
      );
      candidates.push(...(await this.candidates.rankingFields(scope, extra, now)));
      const vectors = await this.stored.embeddings(
        scope,
        candidates.map((c) => c.id),
      );
      cosine = new Map(
        [...vectors]
          .map(([id, v]) => [id, cosineSimilarity(queryVector, v)] as const)
          .filter((e): e is [string, number] => e[1] !== null),
      );
    }

    const ranked = rankCandidates(
      candidates.map((c) => ({ ...c, cosine: cosine.get(c.id) ?? null })),
      { weights, halfLifeHours: ranking.recencyHalfLifeHours, now, useSimilarity: mode === 'hybrid' },
      params.limit,
    );
    const byId = new Map(
      (
        await this.memories.findByIds(
          scope,
          ranked.map((r) => r.id),
          now,
        )
      ).map((m) => [m.id, m]),
    );
    return {
      query: params.q,
      mode,
      engine: this.candidates.engine,
      weights: mode === 'hybrid' ? weights : { ...weights, similarity: 0 },
      halfLifeHours: ranking.recencyHalfLifeHours,
      candidates: candidates.length,
      // A hit deleted between the two reads is left out rather than returned half-loaded.
      items: ranked
        .filter((r) => byId.has(r.id))
        .map((r) => ({ memory: byId.get(r.id)!, scores: r.scores, raw: r.raw })),
    };
  }

  /** Records a retrieval on the stored rows and on the returned objects. */
  async touch(scope: AgentScope, memories: Memory[], now: Date): Promise<void> {
    if (memories.length === 0) return;
    await this.memories.touch(
      scope,
      memories.map((m) => m.id),
      now,
    );
    for (const m of memories) {
      m.lastAccessedAt = now;
      m.accessCount += 1;
    }
  }
}
