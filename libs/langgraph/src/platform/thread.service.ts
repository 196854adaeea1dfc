import { Injectable } from '@nestjs/common';
import { randomUUID as uuid7 } from 'node:crypto';
import { AppError } from '@app/infrastructure';
import { RunRepository } from '../persistence/run.repository';
import { ThreadFilter, ThreadRepository } from '../persistence/thread.repository';
import { platformCommand } from './command';
import { PlatformGraphs } from './platform-graphs';
import type { Thread } from './platform.types';

/** A thread's state as LangGraph's getState gives it (values, next, tasks, config, metadata, …). */
export type StateSnapshot = Record<string, any>;

/**
 * Threads: a checkpointer thread that keeps its state across runs. State, history, updateState
 * and copy go through LangGraph's own APIs on the thread's graph; a thread of another tenant is 404.
 */
@Injectable()
export class ThreadService {
  constructor(
    private readonly threads: ThreadRepository,
    private readonly runs: RunRepository,
    private readonly graphs: PlatformGraphs,
  ) {}

  async create(
    tenant: string,
    input: {
      threadId?: string;
      metadata?: Record<string, unknown>;
      ifExists?: 'raise' | 'do_nothing';
      graphId?: string | null;
    },
  ): Promise<Thread> {
    const now = new Date();
    const threadId = input.threadId ?? uuid7();
    const graphId = input.graphId ?? (typeof input.metadata?.graph_id === 'string' ? input.metadata.graph_id : null);
    if (graphId && !(await this.graphs.exists(tenant, graphId)))
      throw AppError.validation([
        { field: 'metadata.graph_id', message: `names no template or registered workflow: ${graphId}` },
      ]);
    const thread: Thread = {
      tenant,
      threadId,
      metadata: input.metadata ?? {},
      status: 'idle',
      graphId,
      assistantId: null,
      createdAt: now,
      updatedAt: now,
    };
    if (await this.threads.insert(thread)) return thread;
    const existing = await this.threads.find(tenant, threadId);
    // Another tenant's id is taken but not revealed: the same 409 as one's own.
    if (existing && input.ifExists === 'do_nothing') return existing;
    throw new AppError('CONFLICT', `Thread ${threadId} already exists`, { threadId });
  }

  async get(tenant: string, threadId: string): Promise<Thread> {
    const thread = await this.threads.find(tenant, threadId);
    if (!thread) throw AppError.notFound('thread', threadId);
    return thread;
  }

  async update(tenant: string, threadId: string, metadata: Record<string, unknown>): Promise<Thread> {
    const thread = await this.get(tenant, threadId);
    await this.threads.update(tenant, threadId, { metadata: { ...thread.metadata, ...metadata } });
    return this.get(tenant, threadId);
  }

  /** Deletes the thread, its runs and its checkpoints; 409 while a run is queued or running on it. */
  async delete(tenant: string, threadId: string): Promise<void> {
    await this.get(tenant, threadId);
    if ((await this.runs.inflightOnThread(tenant, threadId)).length)
      throw new AppError('CONFLICT', `Thread ${threadId} has a run queued or running; cancel it first`, { threadId });
    await this.runs.deleteOnThread(tenant, threadId);
    await this.threads.delete(tenant, threadId);
    await this.graphs.checkpointer.deleteThread(threadId);
  }

  search(
    tenant: string,
    filter: ThreadFilter,
    page: { limit: number; offset: number; sortBy?: string; sortOrder?: 'asc' | 'desc' },
  ) {
    return this.threads.search(tenant, filter, page);
  }

  count(tenant: string, filter: ThreadFilter): Promise<number> {
    return this.threads.count(tenant, filter);
  }

  /** A new thread with the same metadata and every checkpoint (and pending write) of this one. */
  async copy(tenant: string, threadId: string): Promise<Thread> {
    const source = await this.get(tenant, threadId);
    const copy = await this.create(tenant, { metadata: { ...source.metadata }, graphId: source.graphId });
    await this.threads.update(tenant, copy.threadId, {
      assistantId: source.assistantId,
      status: source.status === 'busy' ? 'idle' : source.status,
    });
    const saver = this.graphs.checkpointer.saver;
    const tuples = [];
    for await (const tuple of saver.list({ configurable: { thread_id: threadId } })) tuples.push(tuple);
    for (const tuple of tuples.reverse()) {
      const ns = String(tuple.config.configurable?.checkpoint_ns ?? '');
      const parentId = tuple.parentConfig?.configurable?.checkpoint_id;
      const saved = await saver.put(
        {
          configurable: {
            thread_id: copy.threadId,
            checkpoint_ns: ns,
            ...(parentId ? { checkpoint_id: parentId } : {}),
          },
        },
        tuple.checkpoint,
        tuple.metadata ?? ({} as never),
        tuple.checkpoint.channel_versions,
      );
      for (const [taskId, channel, value] of tuple.pendingWrites ?? [])
        await saver.putWrites(saved, [[channel, value]], taskId);
    }
    return this.get(tenant, copy.threadId);
  }

  /** The thread's state now, or at a checkpoint (404 when the thread has no such checkpoint). */
  async state(tenant: string, threadId: string, checkpointId?: string, subgraphs = false): Promise<StateSnapshot> {
    const thread = await this.get(tenant, threadId);
    const graph = await this.graphs.forThread(thread);
    if (!graph) return emptyState();
    const state = await graph.getState(this.graphs.config(thread, checkpointId), { subgraphs });
    if (checkpointId && !state.config?.configurable?.checkpoint_id) throw AppError.notFound('checkpoint', checkpointId);
    return state;
  }

  /**
   * LangGraph's updateState on the thread (as `asNode` when given, from a checkpoint when given):
   * a new checkpoint whose id the answer carries. 409 while a run is queued or running on it.
   */
  async updateState(
    tenant: string,
    threadId: string,
    input: { values: unknown; command?: Record<string, unknown>; asNode?: string; checkpointId?: string },
  ): Promise<Record<string, unknown>> {
    const thread = await this.get(tenant, threadId);
    if ((await this.runs.inflightOnThread(tenant, threadId)).length)
      throw new AppError('CONFLICT', `Thread ${threadId} is busy: a run is queued or running on it`, { threadId });
    const graph = await this.graphs.forThread(thread);
    if (!graph)
      throw AppError.validation([
        { field: 'thread_id', message: 'has no graph yet: run it once, or create it with metadata.graph_id' },
      ]);
    // A checkpoint the thread does not have is the caller's mistake (404), not LangGraph's.
    if (input.checkpointId) await this.state(tenant, threadId, input.checkpointId);
    let next;
    try {
      const values = input.command ? platformCommand(input.command) : input.values;
      next = await graph.updateState(this.graphs.config(thread, input.checkpointId), values, input.asNode);
    } catch (error) {
      // LangGraph refuses an unknown node or channel with InvalidUpdateError: the caller's input.
      if (
        (error as Error).name === 'InvalidUpdateError' ||
        /not found|unknown|ambiguous/i.test((error as Error).message)
      )
        throw AppError.validation([{ field: input.asNode ? 'as_node' : 'values', message: (error as Error).message }]);
      throw error;
    }
    const state = await graph.getState(this.graphs.config(thread));
    await this.threads.update(tenant, threadId, { status: state.next?.length ? 'interrupted' : 'idle' });
    return next.configurable ?? {};
  }

  /** Checkpoints newest first (before a checkpoint, filtered by metadata). */
  async history(
    tenant: string,
    threadId: string,
    options: { limit: number; before?: string; metadata?: Record<string, unknown>; checkpointId?: string },
  ): Promise<StateSnapshot[]> {
    const thread = await this.get(tenant, threadId);
    const graph = await this.graphs.forThread(thread);
    if (!graph) return [];
    const out: StateSnapshot[] = [];
    const before = options.before
      ? { configurable: { thread_id: threadId, checkpoint_id: options.before } }
      : undefined;
    for await (const state of graph.getStateHistory(this.graphs.config(thread, options.checkpointId), {
      limit: options.limit,
      ...(before ? { before } : {}),
      ...(options.metadata ? { filter: options.metadata } : {}),
    }))
      out.push(state);
    return out;
  }
}

function emptyState(): StateSnapshot {
  return {
    values: {},
    next: [],
    tasks: [],
    config: {},
    metadata: undefined,
    createdAt: undefined,
    parentConfig: undefined,
  };
}
