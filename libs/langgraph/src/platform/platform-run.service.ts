import { Injectable } from '@nestjs/common';
import { randomUUID as uuid7 } from 'node:crypto';
import { AppError, BaseConfig, LanggraphSettings, newId } from '@app/infrastructure';
import { HaltService } from '../halt/halt.service';
import { RunRepository } from '../persistence/run.repository';
import { ThreadRepository } from '../persistence/thread.repository';
import { RunEvents } from '../runs/run-events';
import { RunExecutor } from '../runs/run-executor';
import { isFinalRun, PlatformKwargs, Run, RunStatus } from '../runs/run.types';
import { WorkflowService } from '../runs/workflow.service';
import { AssistantService } from './assistant.service';
import { PlatformGraphs } from './platform-graphs';
import { RunStream } from './run-stream';
import { toWire } from './wire';
import type { MultitaskStrategy, Thread } from './platform.types';
import { ThreadService } from './thread.service';

/** A Platform run request, snake_case fields as the API takes them. */
export interface PlatformRunRequest {
  assistant_id: string;
  input?: unknown;
  command?: { resume?: unknown; update?: unknown; goto?: unknown } | null;
  config?: { configurable?: Record<string, unknown>; tags?: string[]; recursion_limit?: number } | null;
  context?: Record<string, unknown> | null;
  metadata?: Record<string, unknown> | null;
  stream_mode?: string | string[];
  stream_subgraphs?: boolean;
  interrupt_before?: string[] | '*' | null;
  interrupt_after?: string[] | '*' | null;
  checkpoint_id?: string | null;
  checkpoint?: { checkpoint_id?: string } | null;
  multitask_strategy?: MultitaskStrategy;
  if_not_exists?: 'create' | 'reject';
  on_completion?: 'delete' | 'keep';
  webhook?: string | null;
}

export interface Caller {
  tenant: string;
  principalId: string | null;
}

const SETTLED: readonly RunStatus[] = ['interrupted', 'succeeded', 'failed', 'cancelled'];

/**
 * Platform runs: on a thread or stateless (a temporary thread), created as runs of the native
 * executor (the same rows /api/v1/orchestration/runs shows), one at a time per thread with the
 * multitask strategies reject / enqueue / interrupt / rollback deciding what a second run does.
 */
@Injectable()
export class PlatformRunService {
  private readonly settings: LanggraphSettings;

  constructor(
    config: BaseConfig,
    private readonly runs: RunRepository,
    private readonly threadRows: ThreadRepository,
    private readonly threads: ThreadService,
    private readonly assistants: AssistantService,
    private readonly graphs: PlatformGraphs,
    private readonly workflows: WorkflowService,
    private readonly executor: RunExecutor,
    private readonly events: RunEvents,
    private readonly halts: HaltService,
    private readonly stream: RunStream,
  ) {
    this.settings = config.values.aiComponents.langgraph;
  }

  async create(caller: Caller, threadId: string | null, request: PlatformRunRequest): Promise<Run> {
    const { tenant } = caller;
    const assistant = await this.assistants.get(tenant, request.assistant_id);
    await this.halts.assertNotHalted(tenant);
    const resolved = await this.graphs.resolve(tenant, assistant.graphId);
    if (request.input != null && !request.command) this.graphs.validateInput(resolved, request.input);
    if (this.executor.full)
      throw new AppError(
        'QUEUE_FULL',
        `${this.settings.maxQueuedRuns} workflow runs are already waiting to start`,
        undefined,
        {
          'Retry-After': '5',
        },
      );
    const thread = await this.threadFor(tenant, threadId, request, assistant.graphId);
    const strategy = request.multitask_strategy ?? 'reject';
    const inflight = await this.runs.inflightOnThread(tenant, thread.threadId);
    if (inflight.length && strategy === 'reject')
      throw new AppError(
        'CONFLICT',
        'Thread is already running a task. Wait for it to finish or choose a different multitask strategy.',
        { threadId: thread.threadId, runIds: inflight.map((r) => r.id) },
      );
    let checkpointId = request.checkpoint_id ?? request.checkpoint?.checkpoint_id ?? null;
    if (inflight.length && (strategy === 'interrupt' || strategy === 'rollback')) {
      for (const run of inflight) await this.stopRun(tenant, run);
      if (strategy === 'rollback') checkpointId ??= await this.rollBack(thread, inflight);
    }
    const run = this.newRun(caller, thread, assistant, resolved, request, checkpointId, threadId === null);
    await this.runs.insert(run);
    await this.threadRows.update(tenant, thread.threadId, {
      status: 'busy',
      graphId: assistant.graphId,
      assistantId: assistant.assistantId,
    });
    await this.events.emit(run.id, 'run', {
      status: 'queued',
      at: run.createdAt.toISOString(),
      workflow: run.workflow,
      version: run.version,
    });
    // Enqueued behind a run still going: that run starts this one when it settles.
    if (!inflight.length || strategy !== 'enqueue') await this.executor.kickThread(tenant, thread.threadId);
    return run;
  }

  async get(tenant: string, threadId: string | null, runId: string): Promise<Run> {
    const run = await this.runs.find(tenant, runId);
    if (!run || !run.kwargs || (threadId !== null && run.threadId !== threadId)) throw AppError.notFound('run', runId);
    return run;
  }

  async list(
    tenant: string,
    threadId: string,
    query: { limit: number; offset: number; status?: RunStatus[] },
  ): Promise<Run[]> {
    await this.threads.get(tenant, threadId);
    return this.runs.listOnThread(tenant, threadId, query);
  }

  /** Cancels a queued or running run (a settled one is left as it is); `rollback` also deletes it. */
  async cancel(
    tenant: string,
    threadId: string | null,
    runId: string,
    action: 'interrupt' | 'rollback',
  ): Promise<void> {
    const run = await this.get(tenant, threadId, runId);
    await this.stopRun(tenant, run);
    if (action === 'rollback' && run.threadId) {
      const thread = await this.threadRows.find(tenant, run.threadId);
      if (thread) await this.rollBack(thread, [run]);
    }
    if (run.threadId) await this.executor.kickThread(tenant, run.threadId);
  }

  async delete(tenant: string, threadId: string, runId: string): Promise<void> {
    const run = await this.get(tenant, threadId, runId);
    if (run.status === 'queued' || run.status === 'running')
      throw new AppError('CONFLICT', `Run ${runId} is ${run.status}; cancel it first`, { status: run.status });
    await this.runs.delete(tenant, runId);
  }

  /** Calls `listener` after each status event of the run (its native event log); returns the unsubscribe. */
  onStatus(runId: string, listener: () => void): () => void {
    return this.events.subscribe(runId, listener);
  }

  /** Resolves once the run is settled (or the signal aborts), with the run as it is then. */
  async settled(tenant: string, run: Run, signal?: AbortSignal): Promise<Run> {
    let current = run;
    while (!SETTLED.includes(current.status) && !signal?.aborted) {
      current = await this.workflows.waitForSettled(tenant, run.id, this.settings.maxWaitMs);
    }
    return current;
  }

  /**
   * What wait and join answer: the thread's values after the run, with `__interrupt__` while the
   * graph waits for a human, or `__error__` for a failed run (as the Platform API answers).
   */
  async result(tenant: string, run: Run): Promise<Record<string, unknown>> {
    if (run.status === 'failed')
      return { __error__: { error: run.error?.code ?? 'Error', message: run.error?.message ?? 'The run failed' } };
    // A stateless run's thread goes when it settles: its answer is the last values it streamed.
    // (LangGraph streams an interrupt as a values chunk of its own: the state is the chunk before it.)
    if (run.kwargs?.temporary || !run.threadId || !(await this.threadRows.find(tenant, run.threadId))) {
      const [last, before] = (await this.stream.last(run.id, 'values', 2)).map(
        (c) => c.data as Record<string, unknown>,
      );
      if (!last) return (toWire(run.output) as Record<string, unknown>) ?? {};
      return Object.keys(last).length === 1 && '__interrupt__' in last ? { ...(before ?? {}), ...last } : last;
    }
    const state = await this.threads.state(tenant, run.threadId);
    const interrupts = (state.tasks ?? []).flatMap((t: { interrupts?: unknown[] }) => t.interrupts ?? []);
    return toWire({ ...(state.values ?? {}), ...(interrupts.length ? { __interrupt__: interrupts } : {}) }) as Record<
      string,
      unknown
    >;
  }

  private async threadFor(
    tenant: string,
    threadId: string | null,
    request: PlatformRunRequest,
    graphId: string,
  ): Promise<Thread> {
    if (threadId === null) {
      const thread = await this.threads.create(tenant, { threadId: uuid7(), metadata: { graph_id: graphId }, graphId });
      return thread;
    }
    const existing = await this.threadRows.find(tenant, threadId);
    if (existing) return existing;
    if (request.if_not_exists === 'create')
      return this.threads.create(tenant, { threadId, metadata: { graph_id: graphId }, graphId });
    throw AppError.notFound('thread', threadId);
  }

  private newRun(
    caller: Caller,
    thread: Thread,
    assistant: {
      assistantId: string;
      graphId: string;
      config: Record<string, unknown>;
      context: Record<string, unknown>;
      metadata: Record<string, unknown>;
    },
    resolved: { name: string; version: number; source: Run['source'] },
    request: PlatformRunRequest,
    checkpointId: string | null,
    stateless: boolean,
  ): Run {
    const now = new Date();
    const modes =
      request.stream_mode == null
        ? ['values']
        : Array.isArray(request.stream_mode)
          ? request.stream_mode
          : [request.stream_mode];
    const assistantConfig = assistant.config as PlatformKwargs['config'];
    const kwargs: PlatformKwargs = {
      input: request.input ?? null,
      command: request.command ?? null,
      config: {
        ...(assistantConfig ?? {}),
        ...(request.config ?? {}),
        configurable: {
          ...userConfigurable(assistantConfig?.configurable),
          ...userConfigurable(request.config?.configurable),
          assistant_id: assistant.assistantId,
          graph_id: assistant.graphId,
        },
      },
      context: { ...assistant.context, ...(request.context ?? {}) },
      metadata: { ...(request.metadata ?? {}) },
      stream_mode: modes.length ? modes : ['values'],
      stream_subgraphs: request.stream_subgraphs ?? false,
      interrupt_before: request.interrupt_before ?? null,
      interrupt_after: request.interrupt_after ?? null,
      checkpoint_id: checkpointId,
      multitask_strategy: request.multitask_strategy ?? 'reject',
      on_completion: request.on_completion ?? null,
      temporary: stateless && request.on_completion !== 'keep',
      webhook: request.webhook ?? null,
    };
    return {
      id: newId(),
      tenant: caller.tenant,
      principalId: caller.principalId,
      workflow: resolved.name,
      version: resolved.version,
      source: resolved.source,
      definition: null,
      threadKey: null,
      status: 'queued',
      input: (request.input && typeof request.input === 'object' ? request.input : {}) as Record<string, unknown>,
      output: null,
      error: null,
      interrupt: null,
      pendingDecision: null,
      currentNode: null,
      timeoutMs: this.settings.runTimeoutMs,
      elapsedMs: 0,
      createdAt: now,
      startedAt: null,
      updatedAt: now,
      finishedAt: null,
      threadId: thread.threadId,
      assistantId: assistant.assistantId,
      kwargs,
    };
  }

  /** Cancels a queued or running run and waits until it has settled; a settled run is left alone. */
  private async stopRun(tenant: string, run: Run): Promise<void> {
    const current = (await this.runs.find(tenant, run.id)) ?? run;
    if (current.status !== 'queued' && current.status !== 'running') return;
    try {
      await this.workflows.cancel(tenant, run.id);
    } catch (error) {
      // It settled between the read and the cancel: nothing left to stop.
      if (!(error instanceof AppError && error.code === 'CONFLICT')) throw error;
    }
  }

  /**
   * Rollback: the runs are deleted, and the thread goes back to the newest checkpoint none of them
   * wrote (returned, for the next run to fork from); a thread that had none loses its checkpoints.
   */
  private async rollBack(thread: Thread, runs: Run[]): Promise<string | null> {
    const ids = new Set(runs.map((r) => r.id));
    let base: string | null = null;
    const history = await this.threads.history(thread.tenant, thread.threadId, { limit: 1000 });
    for (const state of history) {
      if (!ids.has(String(state.metadata?.run_id))) {
        base = String(state.config?.configurable?.checkpoint_id ?? '') || null;
        break;
      }
    }
    for (const run of runs)
      if (isFinalRun((await this.runs.find(thread.tenant, run.id))?.status ?? 'cancelled'))
        await this.runs.delete(thread.tenant, run.id);
    if (!base) await this.graphs.checkpointer.deleteThread(thread.threadId);
    return base;
  }
}

/** Keys the service sets itself (thread, run, tenant, checkpoint) or LangGraph keeps internal (`__…`). */
const RESERVED = new Set([
  'thread_id',
  'run_id',
  'tenant',
  'principal_id',
  'workflow',
  'version',
  'checkpoint_id',
  'checkpoint_ns',
  'checkpoint_map',
]);

/** A caller's configurable without the keys that would address another thread or LangGraph internals. */
function userConfigurable(configurable: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(configurable ?? {}).filter(([key]) => !key.startsWith('__') && !RESERVED.has(key)),
  );
}
