import { Injectable } from '@nestjs/common';
import { BaseLogger, BoundedSet, HanditSettings, RingBuffer, throttledErrorLog } from '@app/infrastructure';
import { HanditMetrics } from '../handit.metrics';
import { TaskQueueRepository } from '../persistence/task-queue.repository';
import type { Task, TaskError, TaskStatus } from '../tasks/task.types';
import type { ModelOutput } from '../models/specialist-model';
import { ShadowRunner } from '../shadow/shadow-runner';
import { executeAttributes, tracer } from './attempt-spans';
import { durableWrite } from './durable-write';
import { RunnerState } from './runner-state';
import { TaskEvents } from './task-events';

/** A task that reached a final state on this replica, as the recent history lists it. */
export interface FinishedTaskSummary {
  id: string;
  type: string;
  modelId: string;
  status: TaskStatus;
  durationMs: number;
  finishedAt: string;
}

/** What a finished attempt leaves on its row besides the status. */
export interface AttemptFields {
  result?: unknown;
  error?: TaskError;
  usage?: Task['usage'];
  cacheHit?: boolean;
}

/**
 * Writes final states and makes them known: the conditional row write (retried while the database
 * is unreachable), the status event, the metrics, and this replica's recent history.
 */
@Injectable()
export class TaskOutcomes {
  private readonly recent: RingBuffer<FinishedTaskSummary>;
  private readonly completed: BoundedSet<string>;
  private readonly logWriteRetry: (err: Error) => void;

  constructor(
    settings: HanditSettings,
    logger: BaseLogger,
    private readonly repository: TaskQueueRepository,
    private readonly events: TaskEvents,
    private readonly metrics: HanditMetrics,
    private readonly state: RunnerState,
    private readonly shadows: ShadowRunner,
  ) {
    this.recent = new RingBuffer(settings.historyMaxEntries);
    this.completed = new BoundedSet(settings.completedSetMaxEntries);
    this.logWriteRetry = throttledErrorLog(logger.child({ component: 'handit' }), 'handit-task-writes', {
      message: 'Database unreachable; retrying the task outcome write',
    });
  }

  /** The last finished tasks of this replica, oldest first. */
  recentHistory(): FinishedTaskSummary[] {
    return this.recent.toArray();
  }

  /** Whether this replica finished the task already (a stale queue entry is then skipped). */
  finishedHere(taskId: string): boolean {
    return this.completed.has(taskId);
  }

  /** running → `status` after an attempt, durably; counted, timed, published and recorded once written. */
  async settle(task: Task, startedAt: Date, status: TaskStatus, fields: AttemptFields): Promise<void> {
    const finishedAt = new Date();
    let retried = false;
    const written = await this.durably(
      async () => {
        if (await this.repository.finish(task.id, { status, ...fields, at: finishedAt })) return true;
        // After a dropped connection the earlier write may have landed with its answer lost: ours if it has our time.
        const row = retried ? await this.repository.findById(task.id) : undefined;
        return row?.status === status && row.finishedAt?.getTime() === finishedAt.getTime();
      },
      () => (retried = true),
    );
    if (!written) return;
    this.published(finalTask(task, status, fields, finishedAt), startedAt);
    // After the champion's answer is written and published: shadows never delay or change it.
    if (status === 'succeeded') this.shadows.after(task, fields.result, finishedAt.getTime() - startedAt.getTime());
  }

  /**
   * A task written finished from the cache when it was accepted (see answeredFromCache): its
   * execute span, marked a cache hit, then counted, published and recorded like any other.
   */
  answered(task: Task): void {
    const attributes = { ...executeAttributes(task, false), 'task.cache_hit': true };
    tracer().startSpan('handit.task.execute', { attributes }).end();
    this.published(task, task.startedAt ?? task.finishedAt ?? new Date());
    this.shadows.after(task, task.result, 0);
  }

  /** A final state now in its row: metrics, the status event (with the task, for `?wait`), the history. */
  private published(final: Task, startedAt: Date): void {
    const { type, modelId: model, status } = final;
    const seconds = ((final.finishedAt ?? new Date()).getTime() - startedAt.getTime()) / 1000;
    this.metrics.tasks.inc({ type, model, status });
    this.metrics.duration.observe({ type, model, status }, seconds);
    this.metrics.versionTasks.inc({ model, version: final.modelVersion, status });
    this.metrics.versionDuration.observe({ model, version: final.modelVersion }, seconds);
    this.events.changed(final, status, final.error, { ...final, input: undefined });
    this.record(final, status, seconds * 1000);
  }

  /** A cancel, drain or failure that wrote its own row: recorded as finished here. */
  record(task: Task, status: TaskStatus, durationMs: number): void {
    this.completed.add(task.id);
    this.recent.push({
      id: task.id,
      type: task.type,
      modelId: task.modelId,
      status,
      durationMs,
      finishedAt: new Date().toISOString(),
    });
  }

  /** A queued task taken out by a drain (DRAINED); false when it was no longer queued. */
  async drained(id: string): Promise<boolean> {
    const error = { code: 'DRAINED', message: 'Removed by a queue drain' };
    const task = await this.repository.findById(id);
    if (!task) return false;
    if (!(await this.repository.finish(id, { status: 'cancelled', error, at: new Date() }, ['queued']))) return false;
    this.events.changed(task, 'cancelled', error);
    this.record(task, 'cancelled', 0);
    return true;
  }

  /** A row write retried while the database is unreachable (see durableWrite), logged once per interval. */
  durably<T>(write: () => Promise<T>, onRetry?: () => void): Promise<T> {
    return durableWrite(write, {
      stopped: () => this.state.stopping,
      onRetry: (err) => {
        onRetry?.();
        this.logWriteRetry(err as Error);
      },
    });
  }
}

/** A task answered from the result cache when it was accepted: finished at once, in one attempt. */
export function answeredFromCache(task: Task, output: ModelOutput, at: Date): Task {
  const fields = { result: output.result, usage: output.usage ?? null, cacheHit: true };
  return { ...finalTask(task, 'succeeded', fields, at), input: task.input, attempts: 1, startedAt: at };
}

/** The task as `finish` leaves its row, read without the input. */
function finalTask(task: Task, status: TaskStatus, fields: AttemptFields, finishedAt: Date): Task {
  return {
    ...task,
    input: undefined,
    status,
    result: fields.result === undefined ? null : fields.result,
    error: fields.error ?? null,
    usage: fields.usage ?? null,
    cacheHit: fields.cacheHit ?? task.cacheHit,
    finishedAt,
  };
}
