import { Injectable, Optional } from '@nestjs/common';
import { AppError, EventCore, LettaSettings, newId, type FieldProblem } from '@app/infrastructure';
import type { AgentScope } from '../memories/memory.types';
import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  type AgentMemoryExport,
  type ImportInput,
  type ImportReport,
} from './transfer.types';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { LettaMetrics } from '../letta.metrics';
import { BlockRepository } from '../persistence/block.repository';
import { MemoryRepository, type MemoryRecord } from '../persistence/memory.repository';
import { MemoryExportRepository } from '../persistence/memory-export.repository';
import { SessionRepository } from '../persistence/session.repository';
import { contentProblems, metadataProblems, normaliseTags } from '../memories/memory-validation';

/**
 * An agent's whole memory as one JSON document, and back. Import restores timestamps, access
 * counts and session links verbatim (no dedupe) under fresh ids, so a document can be imported
 * into another agent or tenant without clashing; embeddings are recomputed, not carried.
 */
@Injectable()
export class TransferService {
  constructor(
    private readonly memories: MemoryRepository,
    private readonly exported: MemoryExportRepository,
    private readonly blocks: BlockRepository,
    private readonly sessions: SessionRepository,
    private readonly embeddings: EmbeddingsService,
    private readonly settings: LettaSettings,
    private readonly metrics: LettaMetrics,
    @Optional() private readonly events?: EventCore,
  ) {}

  export(scope: AgentScope): Promise<AgentMemoryExport> {
    return this.metrics.track('export', async () => {
      const max = this.settings.transferMaxItems;
      const memories = await this.exported.all(scope, max + 1);
      if (memories.length > max) {
        throw new AppError(
          'CONFLICT',
          `agent holds more than ${max} memories, the export limit (MEMORY_TRANSFER_MAX)`,
          { limit: max },
        );
      }
      const blocks = await this.blocks.list(scope);
      const sessions = await this.sessions.all(scope);
      return {
        format: EXPORT_FORMAT,
        version: EXPORT_VERSION,
        agentId: scope.agentId,
        exportedAt: new Date(),
        blocks: blocks.map(({ label, value, limitChars, description, createdAt, updatedAt }) => ({
          label,
          value,
          limitChars,
          description,
          createdAt,
          updatedAt,
        })),
        sessions: sessions.map(
          ({ id, title, metadata, status, messageCount, summaryMemoryId, createdAt, endedAt }) => ({
            id,
            title,
            metadata,
            status,
            messageCount,
            summaryMemoryId,
            createdAt,
            endedAt,
          }),
        ),
        memories: memories.map((m) => ({
          id: m.id,
          type: m.type,
          content: m.content,
          metadata: m.metadata,
          tags: m.tags,
          importance: m.importance,
          sessionId: m.sessionId,
          role: m.role,
          position: m.position,
          expiresAt: m.expiresAt,
          createdAt: m.createdAt,
          updatedAt: m.updatedAt,
          lastAccessedAt: m.lastAccessedAt,
          accessCount: m.accessCount,
        })),
      };
    });
  }

  import(scope: AgentScope, input: ImportInput): Promise<ImportReport> {
    return this.metrics.track('import', async () => {
      this.check(input);
      const mode = input.mode ?? 'merge';
      const vectors: Array<number[] | null> = [];
      for (let i = 0; i < input.memories.length; i += this.settings.bulkMaxItems) {
        vectors.push(
          ...(await this.embeddings.embed(
            input.memories.slice(i, i + this.settings.bulkMaxItems).map((m) => m.content),
          )),
        );
      }
      const sessionIds = new Map(input.sessions.map((s) => [s.id, newId()]));
      const memoryIds = new Map(input.memories.map((m) => [m.id, newId()]));
      const inserted = await this.memories.transaction(async (trx) => {
        if (mode === 'replace') {
          await this.memories.deleteAgent(scope, trx);
          await this.sessions.deleteAgent(scope, trx);
          await this.blocks.deleteAgent(scope, trx);
        }
        for (const b of input.blocks) {
          const write = {
            label: b.label,
            value: b.value,
            limitChars: b.limitChars,
            description: b.description ?? null,
            createdAt: b.createdAt,
            updatedAt: b.updatedAt,
          };
          if (await this.blocks.find(scope, b.label, trx)) await this.blocks.update(scope, write, trx);
          else await this.blocks.insert(scope, write, trx);
        }
        if ((await this.blocks.count(scope, trx)) > this.settings.blocks.maxBlocksPerAgent) {
          throw new AppError(
            'CONFLICT',
            `import would give the agent more than ${this.settings.blocks.maxBlocksPerAgent} blocks`,
          );
        }
        for (const s of input.sessions) {
          await this.sessions.insert(
            scope,
            {
              id: sessionIds.get(s.id),
              title: s.title ?? null,
              metadata: s.metadata ?? {},
              status: s.status,
              messageCount: s.messageCount,
              summaryMemoryId: s.summaryMemoryId ? (memoryIds.get(s.summaryMemoryId) ?? null) : null,
              createdAt: s.createdAt,
              endedAt: s.endedAt ?? null,
            },
            trx,
          );
        }
        const records: MemoryRecord[] = input.memories.map((m, i) => ({
          id: memoryIds.get(m.id),
          type: m.type,
          content: m.content,
          metadata: m.metadata ?? {},
          tags: normaliseTags(m.tags),
          importance: m.importance,
          sessionId: m.sessionId ? sessionIds.get(m.sessionId)! : null,
          role: m.role ?? null,
          position: m.position ?? null,
          expiresAt: m.expiresAt ?? null,
          createdAt: m.createdAt,
          updatedAt: m.updatedAt,
          lastAccessedAt: m.lastAccessedAt,
          accessCount: m.accessCount,
          embedding: vectors[i],
        }));
        return this.memories.insert(scope, records, trx);
      });
      for (const m of inserted)
        this.events?.emit('memory.created', { tenant: scope.tenant, agentId: scope.agentId, id: m.id, type: m.type });
      return { mode, blocks: input.blocks.length, sessions: input.sessions.length, memories: input.memories.length };
    });
  }

  /** What the DTO cannot know: configured sizes, and that references point inside the document. */
  private check(input: ImportInput): void {
    const { transferMaxItems, blocks: blockSettings } = this.settings;
    const problems: FieldProblem[] = [];
    if (input.memories.length > transferMaxItems)
      problems.push({
        field: 'memories',
        message: `must hold at most ${transferMaxItems} items (MEMORY_TRANSFER_MAX)`,
      });
    const sessionIds = new Set(input.sessions.map((s) => s.id));
    const memoryIds = new Set<string>();
    const labels = new Set<string>();
    input.blocks.forEach((b, i) => {
      if (labels.has(b.label)) problems.push({ field: `blocks[${i}].label`, message: 'appears twice' });
      labels.add(b.label);
      if (b.limitChars > blockSettings.maxLimitChars)
        problems.push({ field: `blocks[${i}].limitChars`, message: `must be at most ${blockSettings.maxLimitChars}` });
      if (b.value.length > b.limitChars)
        problems.push({
          field: `blocks[${i}].value`,
          message: `is over the block's limit of ${b.limitChars} characters`,
        });
    });
    if (sessionIds.size !== input.sessions.length) problems.push({ field: 'sessions', message: 'ids must be unique' });
    input.memories.forEach((m, i) => {
      problems.push(
        ...contentProblems(m.content, this.settings, `memories[${i}].content`),
        ...metadataProblems(m.metadata, `memories[${i}].metadata`),
      );
      if (memoryIds.has(m.id)) problems.push({ field: `memories[${i}].id`, message: 'appears twice' });
      memoryIds.add(m.id);
      if (m.sessionId && !sessionIds.has(m.sessionId))
        problems.push({ field: `memories[${i}].sessionId`, message: 'must name a session in this document' });
    });
    if (problems.length) throw AppError.validation(problems.slice(0, 100));
  }
}
