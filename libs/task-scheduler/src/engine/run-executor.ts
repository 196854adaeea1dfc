import { Injectable, Optional } from '@nestjs/common';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { BaseConfig, BaseLogger, Clock, ConcurrencyBudget, EventCore, JobContext } from '@app/infrastructure';
import { JobRegistry } from '../jobs/job-registry';
import { RunRepository } from '../persistence/run.repository';
import { ScheduleRepository } from '../persistence/schedule.repository';
import { SCHEDULER_QUEUE } from '../queues/queue-names';
import type { Run } from '../scheduler.types';
import { TaskSchedulerMetrics } from '../task-scheduler.metrics';
import { backoffDelay } from '../timing/backoff';
import { runParent, schedulerTracer } from './run-spans';

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
}

/**
 * Executes one attempt of a run: a slot from the global budget (scheduled work is always
 * background work there, so it can never take the slots reserved for interactive tasks), an
 * atomic claim, the job under a timeout, then success, a retry after backoff, or the dead letter.
 */
@Injectable()
export class RunExecutor {
  private readonly logger: BaseLogger;
  private readonly controllers = new Set<AbortController>();

  constructor(
    private readonly runs: RunRepository,
    private readonly schedules: ScheduleRepository,
    private readonly registry: JobRegistry,
    private readonly budget: ConcurrencyBudget,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
    private readonly metrics: TaskSchedulerMetrics,
    logger: BaseLogger,
    @Optional() private readonly events?: EventCore,
  ) {
    this.logger = logger.child({ component: 'scheduler' });
  }

  /** Aborts attempts still running (shutdown); they are recovered as interrupted on next start. */
  abortAll(reason: string): void {
    for (const controller of this.controllers) controller.abort(new Error(reason));
  }

  /** One attempt of `pending`, unless another replica or tick claimed it first. */
  async execute(pending: Run): Promise<void> {
    const release = await this.budget.acquire(SCHEDULER_QUEUE, { interactive: false });
    try {
      const run = await this.runs.claim(pending.id, this.clock.now());
      if (!run) return;
      const job = this.registry.find(run.job);
      if (!job) {
        await this.failed(run, `job '${run.job}' is not registered in this build`, false);
        return;
      }
      const timeoutMs = run.timeoutMs ?? job.definition.timeoutMs ?? this.config.values.scheduler.defaultTimeoutMs;
      const controller = new AbortController();
      this.controllers.add(controller);
      const timer = this.clock.setTimer(
        () => controller.abort(new Error(`attempt timed out after ${timeoutMs} ms`)),
        timeoutMs,
      );
      const jobContext: JobContext = {
        runId: run.id,
        tenant: run.tenant,
        createdBy: run.createdBy,
        scheduleId: run.scheduleId,
        attempt: run.attempts,
        maxAttempts: run.maxAttempts,
        scheduledFor: run.scheduledFor,
        signal: controller.signal,
      };
      // Only a recurring firing needs its schedule (to link to the trace that created it).
      const schedule = run.scheduleId && !run.traceParent ? await this.schedules.get(run.tenant, run.scheduleId) : null;
      const { parent, links } = runParent(run, schedule?.traceParent ?? null);
      const span = schedulerTracer().startSpan(
        `scheduler.run ${run.job}`,
        {
          links,
          attributes: {
            // The run's tenant owns the span: a timer firing has no request to inherit it from.
            'tenant.id': run.tenant,
            'scheduler.run_id': run.id,
            'scheduler.job': run.job,
            'scheduler.trigger': run.trigger,
            'scheduler.attempt': run.attempts,
            'scheduler.max_attempts': run.maxAttempts,
            'scheduler.scheduled_for': run.scheduledFor.toISOString(),
            ...(run.scheduleId ? { 'scheduler.schedule_id': run.scheduleId } : {}),
          },
        },
        parent,
      );
      try {
        // Active while the job runs, so the work it queues (tasks, workflow runs) joins this trace.
        const result = await context.with(trace.setSpan(parent, span), () =>
          Promise.race([
            Promise.resolve().then(() => job.handler.run(run.input, jobContext)),
            aborted(controller.signal),
          ]),
        );
        await this.runs.succeed(run, this.clock.now(), result);
        this.metrics.attempt(run.job, 'succeeded');
        span.setAttribute('scheduler.outcome', 'succeeded');
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        span.setStatus({ code: SpanStatusCode.ERROR, message });
        span.setAttribute('scheduler.outcome', run.attempts < run.maxAttempts ? 'retrying' : 'dead');
        await this.failed(run, message, true);
      } finally {
        span.end();
        timer.cancel();
        this.controllers.delete(controller);
      }
    } finally {
      release();
    }
  }

  /** Records a failed attempt: retry after backoff while attempts remain, else dead letter. */
  async failed(run: Run, message: string, retryable: boolean): Promise<void> {
    const now = this.clock.now();
    const retryAt =
      retryable && run.attempts < run.maxAttempts
        ? new Date(now.getTime() + backoffDelay(run.backoff, run.attempts))
        : null;
    await this.runs.fail(run, now, message, retryAt);
    this.metrics.attempt(run.job, retryAt ? 'retrying' : 'dead');
    this.logger.warn(
      { runId: run.id, job: run.job, attempt: run.attempts, retryAt: retryAt?.toISOString() ?? null, err: message },
      'scheduler run attempt failed',
    );
    this.events?.emit('work.failed', {
      source: SCHEDULER_QUEUE,
      id: run.id,
      kind: run.job,
      error: message,
      at: now.toISOString(),
      final: !retryAt,
      tenant: run.tenant,
    });
  }
}
