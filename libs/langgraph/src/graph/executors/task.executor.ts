import { Injectable } from '@nestjs/common';
import { BaseConfig } from '@app/infrastructure';
import { isFinal, Priority, Task, TaskService, TaskType } from '@app/handit';
import { NodeFailure } from '../node-failure';
import type { NodeContext } from '../node-runtime';

export interface TaskRequest {
  type: string;
  input: unknown;
  model?: string;
  priority?: Priority;
  cache?: boolean;
  timeoutMs?: number;
}

/** A task node's output: the Handit task's result and where it came from. */
export interface TaskNodeOutput {
  taskId: string;
  model: { id: string; version: string };
  cacheHit: boolean;
  result: unknown;
}

// The service died during a task's only attempt; a new task is the same work, not a node failure.
const MAX_INTERRUPTED_RESUBMITS = 3;
const WAIT_SLICE_MS = 500;
/** A task's progress becomes at most one run event per this interval (each is a stored row); 1 always goes. */
const PROGRESS_EVENT_INTERVAL_MS = 500;

/**
 * Runs a task node through Handit, so the work is queued by priority, cached, traced and counted
 * like any API task.
 *
 * Exactly once across crashes: the task is created with the Idempotency-Key
 * `wf:<run>:<node>:<visit>:<generation>`. A node re-executed after a restart asks for the same
 * key and gets the task it already submitted (still queued, re-run by Handit's own recovery, or
 * finished) instead of a second one. The generation moves on only when a task has failed, so a
 * retry (LangGraph RetryPolicy) submits fresh work. Handit's own retries are off (maxAttempts 1):
 * the node's retry policy is the one place attempts are counted.
 */
@Injectable()
export class TaskExecutor {
  private readonly maxTaskTimeoutMs: number;

  constructor(
    private readonly tasks: TaskService,
    config: BaseConfig,
  ) {
    this.maxTaskTimeoutMs = config.values.aiComponents.handit.maxTimeoutMs;
  }

  async run(ctx: NodeContext, request: TaskRequest): Promise<TaskNodeOutput> {
    for (let resubmits = 0; ; resubmits++) {
      const { task } = await this.tasks.create({
        tenant: ctx.run.tenant,
        principalId: ctx.run.principalId,
        type: request.type as TaskType,
        model: request.model,
        priority: request.priority ?? 'normal',
        input: request.input,
        options: {
          maxAttempts: 1,
          // A replay recomputes: a cached answer would only repeat the original, not reproduce it.
          cache: ctx.run.replay ? false : (request.cache ?? true),
          ...(request.timeoutMs ? { timeoutMs: Math.min(request.timeoutMs, this.maxTaskTimeoutMs) } : {}),
        },
        idempotencyKey: `wf:${ctx.run.runId}:${ctx.key}:${ctx.visit}:${ctx.generation}`,
      });
      await ctx.recordTask(task.id);
      const final = await this.waitForFinal(ctx, task);
      if (final.status === 'succeeded') {
        return {
          taskId: final.id,
          model: { id: final.modelId, version: final.modelVersion },
          cacheHit: final.cacheHit,
          result: final.result,
        };
      }
      await ctx.bumpGeneration();
      if (final.error?.code === 'INTERRUPTED' && resubmits < MAX_INTERRUPTED_RESUBMITS) continue;
      const code = final.status === 'timed_out' ? 'TIMEOUT' : (final.error?.code ?? 'TASK_FAILED');
      throw new NodeFailure(
        code,
        `Task ${final.id} (${final.type}) ${final.status}: ${final.error?.message ?? 'no detail'}`,
        final.error?.retryable ?? final.status === 'timed_out',
        {
          taskId: final.id,
          taskError: final.error,
        },
      );
    }
  }

  /** Waits for the task; an aborted node (timeout, cancel) stops waiting and cancels its task at once. */
  private async waitForFinal(ctx: NodeContext, task: Task): Promise<Task> {
    // The task's progress reaches the run that waits on it as `custom` events.
    let lastAt = -Infinity;
    const unsubscribe = this.tasks.subscribeProgress(task.id, (event) => {
      const now = Date.now();
      if (event.fraction < 1 && now - lastAt < PROGRESS_EVENT_INTERVAL_MS) return;
      lastAt = now;
      ctx.emitCustom({ kind: 'progress', taskId: task.id, fraction: event.fraction, message: event.message });
    });
    try {
      return await this.waitUntilFinal(ctx, task);
    } finally {
      unsubscribe();
    }
  }

  private async waitUntilFinal(ctx: NodeContext, task: Task): Promise<Task> {
    const onAbort = () => {
      // On shutdown the task is left to Handit's recovery, and this node re-attaches to it.
      if ((ctx.signal.reason as NodeFailure | undefined)?.code !== 'SHUTDOWN')
        void this.tasks.cancel(ctx.run.tenant, task.id).catch(() => undefined);
    };
    if (ctx.signal.aborted) onAbort();
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    try {
      let current = task;
      while (!isFinal(current.status)) {
        if (ctx.signal.aborted) throw ctx.signal.reason;
        current = await this.tasks.waitForFinal(ctx.run.tenant, task.id, WAIT_SLICE_MS);
      }
      return current;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
    }
  }
}
