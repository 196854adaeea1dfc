import { Injectable } from '@nestjs/common';
import { SpanStatusCode } from '@opentelemetry/api';
import { BaseLogger, ConcurrencyBudget, HanditSettings } from '@app/infrastructure';
import { HanditMetrics } from '../handit.metrics';
import { ModelRegistry } from '../models/model-registry';
import { TaskQueueRepository } from '../persistence/task-queue.repository';
import { HANDIT_QUEUE, type QueueEntry } from '../queue/task-queue';
import { TaskExecutionError, TaskTimeoutError } from '../tasks/task-errors';
import type { Task } from '../tasks/task.types';
import { attemptParent, executeAttributes, recordQueueWait, tracer } from './attempt-spans';
import { ResultCache, type ExecutedTask } from './result-cache';
import { retryDelayMs, toTaskError } from './retry-policy';
import type { RunningTask } from './runner-state';
import { RunnerState } from './runner-state';
import { PendingInputs } from './pending-inputs';
import { TaskEvents } from './task-events';
import { TaskOutcomes } from './task-outcomes';
import { TaskProgressReporting } from '../progress/task-progress';

/** Where attempts come from (the in-process queue or BullMQ), and where a task waits to run later. */
export interface AttemptFeed {
  /** The task runs again from `availableAt` (a retry, or no concurrency slot). */
  enqueue(task: Task): void;
  /** Whether the tenant's work may not start now (paused). */
  held(tenant: string): Promise<boolean>;
  /** A held task waits until its work is resumed. */
  setAside(entry: QueueEntry): void;
}

/**
 * One attempt of a task: a slot of the concurrency budget, queued → running, the model call under
 * the attempt's timeout, then the outcome: succeeded, a retry after backoff, or a final failure.
 */
@Injectable()
export class AttemptExecutor {
  private readonly logger: BaseLogger;

  constructor(
    private readonly settings: HanditSettings,
    logger: BaseLogger,
    private readonly budget: ConcurrencyBudget,
    private readonly repository: TaskQueueRepository,
    private readonly models: ModelRegistry,
    private readonly cache: ResultCache,
    private readonly outcomes: TaskOutcomes,
    private readonly events: TaskEvents,
    private readonly metrics: HanditMetrics,
    private readonly state: RunnerState,
    private readonly inputs: PendingInputs,
    private readonly progress: TaskProgressReporting,
  ) {
    this.logger = logger.child({ component: 'handit' });
  }

  /**
   * One attempt, inside a slot of the service-wide concurrency budget (shared with scheduled
   * work, with slots reserved for critical and high tasks; see ConcurrencyBudget). A task whose
   * work is paused by now goes back to wait instead.
   */
  async attempt(entry: QueueEntry, run: RunningTask, feed: AttemptFeed): Promise<void> {
    let release: (() => void) | undefined;
    try {
      release = await this.budget.acquire(HANDIT_QUEUE, { priority: entry.priority, signal: run.controller.signal });
    } catch (err) {
      // Shutting down (the row stays queued for the next start) or too many waiters: try later.
      if (!this.state.stopping && !run.controller.signal.aborted) {
        this.logger.warn({ err, taskId: entry.id }, 'No concurrency slot; task goes back in the queue');
        const task = await this.repository.findById(entry.id);
        if (task?.status === 'queued') feed.enqueue({ ...task, availableAt: new Date(Date.now() + 1000) });
      }
      return;
    }
    try {
      if (await feed.held(entry.tenant)) {
        feed.setAside(entry);
        return;
      }
      await this.run(entry.id, run, feed);
    } finally {
      release();
    }
  }

  private async run(id: string, run: RunningTask, feed: AttemptFeed): Promise<void> {
    const startedAt = new Date();
    const task = await this.repository.markRunning(id, startedAt, this.inputs.take(id)).catch((err: Error) => {
      this.logger.error({ err, taskId: id }, 'Could not mark task running');
      return undefined;
    });
    if (!task) return;
    this.events.changed(task, 'running');

    const parent = attemptParent(task);
    recordQueueWait(task, startedAt, parent);
    const llm = this.models.providerOf(task.modelId, task.modelVersion) === 'llm';
    await tracer().startActiveSpan(
      'handit.task.execute',
      { attributes: executeAttributes(task, llm) },
      parent,
      async (span) => {
        const timeout = setTimeout(() => {
          run.reason = 'timeout';
          run.controller.abort(new TaskTimeoutError(task.options.timeoutMs));
        }, task.options.timeoutMs);
        try {
          let executed: ExecutedTask;
          try {
            executed = await this.cache.execute(task, run.controller.signal, this.progress.reporter(task));
          } catch (err) {
            clearTimeout(timeout);
            span.setStatus({ code: SpanStatusCode.ERROR, message: (err as Error).message });
            await this.failed(task, startedAt, run, err, feed);
            return;
          }
          clearTimeout(timeout);
          const { output, cacheHit } = executed;
          span.setAttribute('task.cache_hit', cacheHit);
          if (output.usage)
            span.setAttributes({
              'gen_ai.usage.input_tokens': output.usage.inputTokens,
              'gen_ai.usage.output_tokens': output.usage.outputTokens,
            });
          // Outside the failure path: a database that drops the write is retried, the work is not redone.
          await this.outcomes.settle(task, startedAt, 'succeeded', {
            result: output.result,
            usage: output.usage ?? null,
            cacheHit,
          });
        } finally {
          clearTimeout(timeout);
          span.end();
        }
      },
    );
  }

  /** A failed attempt: stopped on purpose, retried after backoff, or failed for good. */
  private async failed(task: Task, startedAt: Date, run: RunningTask, err: unknown, feed: AttemptFeed) {
    if (run.reason === 'shutdown' || this.state.stopping) return;
    if (run.reason === 'cancel') {
      await this.outcomes.settle(task, startedAt, 'cancelled', {
        error: { code: 'CANCELLED', message: 'Cancelled while running' },
      });
      return;
    }
    if (run.reason === 'timeout') {
      await this.outcomes.settle(task, startedAt, 'timed_out', {
        error: { code: 'TIMEOUT', message: `Attempt exceeded ${task.options.timeoutMs} ms` },
      });
      return;
    }
    const error = toTaskError(err);
    const delay = retryDelayMs(task, error, this.settings);
    if (delay !== undefined) {
      const availableAt = new Date(Date.now() + delay);
      if (await this.outcomes.durably(() => this.repository.requeue(task.id, availableAt, error))) {
        this.logger.warn(
          { taskId: task.id, attempt: task.attempts, delayMs: delay, code: error.code },
          'Task attempt failed; retrying',
        );
        this.metrics.tasks.inc({ type: task.type, model: task.modelId, status: 'retried' });
        this.events.changed(task, 'queued', error);
        feed.enqueue({ ...task, status: 'queued', availableAt });
      }
      return;
    }
    if (!(err instanceof TaskExecutionError))
      this.logger.error({ err, taskId: task.id }, 'Task failed with an unexpected error');
    await this.outcomes.settle(task, startedAt, 'failed', { error });
  }
}
