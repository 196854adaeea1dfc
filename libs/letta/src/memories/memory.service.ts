import { Injectable, Optional } from '@nestjs/common';
import { AppError, EventCore, LettaSettings, type Page } from '@app/infrastructure';
import { contentSimilarity } from './text';
import type { AgentScope, Memory, MemoryListQuery, MemoryPatch, NewMemory, WriteResult } from './memory.types';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { LettaMetrics } from '../letta.metrics';
import { MemoryRepository, type MemoryRecord } from '../persistence/memory.repository';
import type { LettaDb } from '../persistence/tables';
import { SessionRepository } from '../persistence/session.repository';
import { checkNewMemories, contentProblems, metadataProblems, normaliseTags } from './memory-validation';
import type { Attributes } from '@opentelemetry/api';
import { withMemorySpan } from '../memory-spans';

// How many MinHash neighbours the dedupe rule compares a new memory with (newest first).
const DEDUPE_CANDIDATES = 20;

/**
 * Writes and reads of archival memories. A write whose content nearly duplicates a memory of
 * the same agent, type and session (word-bigram Jaccard ≥ dedupeSimilarity) updates that
 * memory instead: new wording, max importance, union of tags, merged metadata, one more access.
 */
@Injectable()
export class MemoryService {
  constructor(
    private readonly memories: MemoryRepository,
    private readonly sessions: SessionRepository,
    private readonly embeddings: EmbeddingsService,
    private readonly settings: LettaSettings,
    private readonly metrics: LettaMetrics,
    @Optional() private readonly events?: EventCore,
  ) {}

  create(scope: AgentScope, input: NewMemory): Promise<WriteResult> {
    return this.metrics.track('create', () =>
      withMemorySpan('write', scope, async (span) => {
        checkNewMemories([input], this.settings, () => '');
        const [result] = await this.write(scope, [input]);
        span.setAttributes(writeAttributes([result]));
        return result;
      }),
    );
  }

  bulkCreate(scope: AgentScope, inputs: NewMemory[]): Promise<WriteResult[]> {
    return this.metrics.track('bulk_create', () =>
      withMemorySpan('write', scope, async (span) => {
        if (inputs.length > this.settings.bulkMaxItems) {
          throw AppError.validation([
            { field: 'memories', message: `must hold at most ${this.settings.bulkMaxItems} items (MEMORY_BULK_MAX)` },
          ]);
        }
        checkNewMemories(inputs, this.settings, (i) => `memories[${i}].`);
        const results = await this.write(scope, inputs);
        span.setAttributes(writeAttributes(results));
        return results;
      }),
    );
  }

  /** Validated input → one transaction; events after commit. */
  private async write(scope: AgentScope, inputs: NewMemory[]): Promise<WriteResult[]> {
    const sessionIds = [...new Set(inputs.map((m) => m.sessionId).filter((s): s is string => !!s))];
    for (const id of sessionIds) {
      if (!(await this.sessions.find(scope, id))) throw AppError.notFound('session', id);
    }
    // One request for the whole batch, before the transaction holds the database.
    const vectors = await this.embeddings.embed(inputs.map((m) => m.content));
    const now = new Date();
    const results = await this.memories.transaction(async (trx) => {
      const out: WriteResult[] = [];
      for (const [i, input] of inputs.entries()) out.push(await this.writeOne(scope, input, vectors[i], now, trx));
      return out;
    });
    for (const r of results) {
      if (r.deduplicated) {
        this.metrics.deduplicated.inc();
        this.events?.emit('memory.updated', {
          tenant: scope.tenant,
          agentId: scope.agentId,
          id: r.memory.id,
          type: r.memory.type,
          deduplicated: true,
        });
      } else {
        this.events?.emit('memory.created', {
          tenant: scope.tenant,
          agentId: scope.agentId,
          id: r.memory.id,
          type: r.memory.type,
        });
      }
    }
    return results;
  }

  private async writeOne(
    scope: AgentScope,
    input: NewMemory,
    embedding: number[] | null,
    now: Date,
    trx: LettaDb,
  ): Promise<WriteResult> {
    const tags = normaliseTags(input.tags);
    const duplicate = await this.findNearDuplicate(scope, input, now, trx);
    if (duplicate) {
      const { memory: old, similarity } = duplicate;
      const merged = {
        content: input.content,
        importance: Math.max(old.importance, input.importance ?? 0),
        tags: normaliseTags([...old.tags, ...tags]),
        metadata: { ...old.metadata, ...(input.metadata ?? {}) },
        expiresAt: input.expiresAt !== undefined ? input.expiresAt : old.expiresAt,
      };
      await this.memories.update(
        scope,
        old.id,
        {
          type: old.type,
          isMessage: false,
          ...merged,
          embedding: embedding ?? undefined,
          updatedAt: now,
          lastAccessedAt: now,
          accessIncrement: 1,
        },
        trx,
      );
      return {
        memory: {
          ...old,
          ...merged,
          updatedAt: now,
          lastAccessedAt: now,
          accessCount: old.accessCount + 1,
          embedded: old.embedded || embedding !== null,
        },
        deduplicated: true,
        similarity,
      };
    }
    const record: MemoryRecord = {
      type: input.type,
      content: input.content,
      metadata: input.metadata ?? {},
      tags,
      importance: input.importance ?? 0.5,
      sessionId: input.sessionId ?? null,
      role: input.role ?? null,
      position: null,
      expiresAt: input.expiresAt ?? null,
      createdAt: now,
      updatedAt: now,
      lastAccessedAt: now,
      accessCount: 0,
      embedding,
    };
    const [memory] = await this.memories.insert(scope, [record], trx);
    return { memory, deduplicated: false };
  }

  private async findNearDuplicate(scope: AgentScope, input: NewMemory, now: Date, trx: LettaDb) {
    const threshold = this.settings.dedupeSimilarity;
    if (threshold <= 0) return undefined;
    const candidates = await this.memories.nearDuplicateCandidates(
      scope,
      input.type,
      input.content,
      DEDUPE_CANDIDATES,
      trx,
    );
    if (candidates.length === 0) return undefined;
    let best: { memory: Memory; similarity: number } | undefined;
    // findByIds is scoped and skips expired memories; type and session are checked here.
    for (const memory of await this.memories.findByIds(scope, candidates, now, trx)) {
      // Session transcripts are kept verbatim: a repeated "ok" is two messages, not one memory.
      if (memory.role !== null || memory.type !== input.type || memory.sessionId !== (input.sessionId ?? null))
        continue;
      const similarity = contentSimilarity(input.content, memory.content);
      if (similarity >= threshold && (!best || similarity > best.similarity)) best = { memory, similarity };
    }
    return best;
  }

  get(scope: AgentScope, id: string): Promise<Memory> {
    return this.metrics.track('get', async () => {
      const memory = await this.memories.findById(scope, id, new Date());
      if (!memory) throw AppError.notFound('memory', id);
      return memory;
    });
  }

  list(scope: AgentScope, query: MemoryListQuery): Promise<Page<Memory>> {
    return this.metrics.track('list', () => this.memories.list(scope, query, new Date()));
  }

  update(scope: AgentScope, id: string, patch: MemoryPatch): Promise<Memory> {
    return this.metrics.track('update', async () => {
      const problems = [
        ...(patch.content !== undefined ? contentProblems(patch.content, this.settings, 'content') : []),
        ...metadataProblems(patch.metadata, 'metadata'),
      ];
      if (problems.length) throw AppError.validation(problems);
      const now = new Date();
      const existing = await this.memories.findById(scope, id, now);
      if (!existing) throw AppError.notFound('memory', id);
      const embedding =
        patch.content !== undefined && patch.content !== existing.content
          ? (await this.embeddings.embed([patch.content]))[0]
          : undefined;
      const tags = patch.tags !== undefined ? normaliseTags(patch.tags) : undefined;
      // A changed text without a new vector must not keep the old text's vector.
      await this.memories.update(scope, id, {
        ...patch,
        type: existing.type,
        isMessage: existing.role !== null,
        tags,
        embedding: embedding === undefined ? undefined : embedding,
        updatedAt: now,
      });
      this.events?.emit('memory.updated', {
        tenant: scope.tenant,
        agentId: scope.agentId,
        id,
        type: existing.type,
        deduplicated: false,
      });
      const updated = await this.memories.findById(scope, id, now);
      if (!updated) throw AppError.notFound('memory', id);
      return updated;
    });
  }

  delete(scope: AgentScope, id: string): Promise<void> {
    return this.metrics.track('delete', async () => {
      if (!(await this.memories.delete(scope, id))) throw AppError.notFound('memory', id);
      this.events?.emit('memory.deleted', { tenant: scope.tenant, agentId: scope.agentId, id });
    });
  }
}

/** A write's shape on its span: how many, of which types, how many merged into near-duplicates. */
function writeAttributes(results: WriteResult[]): Attributes {
  return {
    'memory.write.count': results.length,
    'memory.write.deduplicated': results.filter((r) => r.deduplicated).length,
    'memory.write.types': [...new Set(results.map((r) => r.memory.type))],
    'memory.write.ids': results.slice(0, 100).map((r) => r.memory.id),
  };
}
