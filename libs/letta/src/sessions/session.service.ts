import { Injectable, Optional } from '@nestjs/common';
import { AppError, EventCore, LettaSettings, type Page } from '@app/infrastructure';
import type { AgentScope, Memory } from '../memories/memory.types';
import type { MessageInput, Session, SessionListQuery } from './session.types';
import { EmbeddingsService } from '../embeddings/embeddings.service';
import { LettaMetrics } from '../letta.metrics';
import { MemoryRepository, type MemoryRecord } from '../persistence/memory.repository';
import { SessionRepository } from '../persistence/session.repository';
import { contentProblems, metadataProblems } from '../memories/memory-validation';

/** Conversations: each message is stored as an episodic memory at its position in the session. */
@Injectable()
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly memories: MemoryRepository,
    private readonly embeddings: EmbeddingsService,
    private readonly settings: LettaSettings,
    private readonly metrics: LettaMetrics,
    @Optional() private readonly events?: EventCore,
  ) {}

  create(scope: AgentScope, input: { title?: string; metadata?: Record<string, unknown> }): Promise<Session> {
    return this.metrics.track('session_create', async () => {
      const problems = metadataProblems(input.metadata, 'metadata');
      if (problems.length) throw AppError.validation(problems);
      return this.sessions.insert(scope, {
        title: input.title ?? null,
        metadata: input.metadata ?? {},
        status: 'active',
        messageCount: 0,
        summaryMemoryId: null,
        createdAt: new Date(),
        endedAt: null,
      });
    });
  }

  async get(scope: AgentScope, id: string): Promise<Session> {
    const session = await this.sessions.find(scope, id);
    if (!session) throw AppError.notFound('session', id);
    return session;
  }

  list(scope: AgentScope, query: SessionListQuery): Promise<Page<Session>> {
    return this.sessions.list(scope, query);
  }

  /** The last `limit` messages, oldest first. */
  async messages(scope: AgentScope, id: string, limit: number): Promise<Memory[]> {
    await this.get(scope, id);
    return this.memories.sessionMessages(scope, id, new Date(), limit);
  }

  /** Appends in the order given; 409 once the session has ended. */
  append(scope: AgentScope, id: string, messages: MessageInput[]): Promise<Memory[]> {
    return this.metrics.track('session_message', async () => {
      const problems = messages.flatMap((m, i) => [
        ...contentProblems(m.content, this.settings, `messages[${i}].content`),
        ...metadataProblems(m.metadata, `messages[${i}].metadata`),
      ]);
      if (problems.length) throw AppError.validation(problems);
      await this.get(scope, id);
      const vectors = await this.embeddings.embed(messages.map((m) => m.content));
      const now = new Date();
      const stored = await this.memories.transaction(async (trx) => {
        const first = await this.sessions.reservePositions(scope, id, messages.length, trx);
        if (first === undefined)
          throw new AppError('CONFLICT', `session '${id}' has ended and accepts no messages`, {
            sessionId: id,
            status: 'ended',
          });
        const records: MemoryRecord[] = messages.map((m, i) => ({
          type: 'episodic',
          content: m.content,
          metadata: m.metadata ?? {},
          tags: [],
          importance: m.importance ?? 0.5,
          sessionId: id,
          role: m.role,
          position: first + i,
          expiresAt: null,
          createdAt: now,
          updatedAt: now,
          lastAccessedAt: now,
          accessCount: 0,
          embedding: vectors[i],
        }));
        return this.memories.insert(scope, records, trx);
      });
      for (const m of stored)
        this.events?.emit('memory.created', { tenant: scope.tenant, agentId: scope.agentId, id: m.id, type: m.type });
      return stored;
    });
  }

  /** Ends the session, optionally storing a summary as an episodic memory of it. */
  end(
    scope: AgentScope,
    id: string,
    input: { summary?: string; importance?: number },
  ): Promise<Session & { summary: Memory | null }> {
    return this.metrics.track('session_end', async () => {
      if (input.summary !== undefined) {
        const problems = contentProblems(input.summary, this.settings, 'summary');
        if (problems.length) throw AppError.validation(problems);
      }
      const session = await this.get(scope, id);
      if (session.status === 'ended')
        throw new AppError('CONFLICT', `session '${id}' has already ended`, { sessionId: id, status: 'ended' });
      const [vector] = input.summary !== undefined ? await this.embeddings.embed([input.summary]) : [null];
      const now = new Date();
      const summary = await this.memories.transaction(async (trx) => {
        let memory: Memory | null = null;
        if (input.summary !== undefined) {
          [memory] = await this.memories.insert(
            scope,
            [
              {
                type: 'episodic',
                content: input.summary,
                metadata: { kind: 'session-summary' },
                tags: ['session-summary'],
                importance: input.importance ?? 0.7,
                sessionId: id,
                role: null,
                position: null,
                expiresAt: null,
                createdAt: now,
                updatedAt: now,
                lastAccessedAt: now,
                accessCount: 0,
                embedding: vector,
              },
            ],
            trx,
          );
        }
        // The status check is in the UPDATE: a concurrent end loses here and rolls back its summary.
        if (!(await this.sessions.end(scope, id, now, memory?.id ?? null, trx))) {
          throw new AppError('CONFLICT', `session '${id}' has already ended`, { sessionId: id, status: 'ended' });
        }
        return memory;
      });
      if (summary)
        this.events?.emit('memory.created', {
          tenant: scope.tenant,
          agentId: scope.agentId,
          id: summary.id,
          type: 'episodic',
        });
      return { ...session, status: 'ended', endedAt: now, summaryMemoryId: summary?.id ?? null, summary };
    });
  }
}
