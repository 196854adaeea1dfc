import { SpanStatusCode, trace, type Attributes, type Span } from '@opentelemetry/api';
import type { AgentScope } from './memories/memory.types';
import type { SearchResult } from './search/search.types';

const tracer = () => trace.getTracer('letta');

/**
 * Runs one memory operation under a `letta.<operation>` span of the caller's trace. Spans carry
 * counts, ids and scores, never memory text or queries: those are the tenant's data.
 */
export function withMemorySpan<T>(
  operation: string,
  scope: AgentScope,
  fn: (span: Span) => Promise<T>,
  attributes: Attributes = {},
): Promise<T> {
  return tracer().startActiveSpan(
    `letta.${operation}`,
    { attributes: { 'tenant.id': scope.tenant, 'memory.agent_id': scope.agentId, ...attributes } },
    async (span) => {
      try {
        return await fn(span);
      } catch (err) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
        throw err;
      } finally {
        span.end();
      }
    },
  );
}

/** A search's shape on its span: mode, candidates, hits and each hit's component scores (in rank order). */
export function searchAttributes(result: SearchResult, prefix = 'memory.search'): Attributes {
  const hits = result.items;
  const component = (pick: (s: SearchResult['items'][number]['scores']) => number) =>
    hits.map((h) => Math.round(pick(h.scores) * 10_000) / 10_000);
  return {
    [`${prefix}.mode`]: result.mode,
    [`${prefix}.engine`]: result.engine,
    [`${prefix}.candidates`]: result.candidates,
    [`${prefix}.hits`]: hits.length,
    [`${prefix}.hit_ids`]: hits.map((h) => h.memory.id),
    [`${prefix}.scores.total`]: component((s) => s.total),
    [`${prefix}.scores.relevance`]: component((s) => s.relevance),
    [`${prefix}.scores.recency`]: component((s) => s.recency),
    [`${prefix}.scores.importance`]: component((s) => s.importance),
    [`${prefix}.scores.similarity`]: component((s) => s.similarity),
  };
}
