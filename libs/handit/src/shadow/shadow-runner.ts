import { Injectable, OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger, HanditSettings, newId, type ModelGovernanceSettings } from '@app/infrastructure';
import { ModelGenerations } from '../generations/model-generations';
import { HanditMetrics } from '../handit.metrics';
import { ModelRegistry } from '../models/model-registry';
import type { VersionEntry } from '../governance/routing-table';
import { ShadowRunRepository } from '../persistence/shadow-run.repository';
import { toTaskError } from '../execution/retry-policy';
import { RunnerState } from '../execution/runner-state';
import { TaskTimeoutError } from '../tasks/task-errors';
import type { Task } from '../tasks/task.types';
import { resultsAgree } from './agreement';

interface ShadowJob {
  task: Task;
  shadow: VersionEntry;
  championResult: unknown;
  championDurationMs: number;
}

// How soon a shadow run that found every champion slot busy looks again.
const BUSY_RETRY_MS = 20;

/**
 * Shadow runs (champion/challenger): once a champion task has succeeded and its result is
 * written, each shadow version of its model runs on a copy of the same input. They wait in a
 * bounded queue and start only while a champion slot of this replica is free, `shadowConcurrency`
 * at a time, so they never delay a champion; their results go to handit_shadow_runs beside the
 * task, with whether they agree, and are never a task's result. A full queue skips the run
 * (counted); a restart loses the waiting ones (their champions are unaffected).
 */
@Injectable()
export class ShadowRunner implements OnApplicationShutdown {
  private readonly settings: ModelGovernanceSettings;
  private readonly concurrency: number;
  private readonly queue: ShadowJob[] = [];
  private readonly logger: BaseLogger;
  private running = 0;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly controllers = new Set<AbortController>();

  constructor(
    handit: HanditSettings,
    logger: BaseLogger,
    private readonly registry: ModelRegistry,
    private readonly repository: ShadowRunRepository,
    private readonly metrics: HanditMetrics,
    private readonly state: RunnerState,
    private readonly generations: ModelGenerations,
  ) {
    this.settings = handit.governance;
    this.concurrency = handit.concurrency;
    this.logger = logger.child({ component: 'handit.shadow' });
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Queues the shadow runs of a champion task that just succeeded (nothing when its model has none). */
  after(task: Task, championResult: unknown, championDurationMs: number): void {
    if (this.stopped || task.input === undefined) return;
    const shadows = this.registry.shadowsFor(task.modelId, task.modelVersion);
    for (const shadow of shadows) {
      if (this.queue.length >= this.settings.shadowQueueMax) {
        this.metrics.shadowRuns.inc({ model: task.modelId, version: shadow.info.version, outcome: 'skipped' });
        continue;
      }
      this.queue.push({ task, shadow, championResult, championDurationMs });
    }
    if (shadows.length) setImmediate(() => this.drain());
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.queue.length = 0;
    for (const c of this.controllers) c.abort(new Error('shutdown'));
  }

  private drain(): void {
    while (!this.stopped && this.queue.length && this.running < this.settings.shadowConcurrency) {
      // Champions first: a shadow starts only while this replica has a champion slot to spare.
      if (this.state.running.size >= this.concurrency) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.drain(), BUSY_RETRY_MS);
        return;
      }
      const job = this.queue.shift() as ShadowJob;
      this.running++;
      void this.run(job).finally(() => {
        this.running--;
        this.drain();
      });
    }
  }

  private async run(job: ShadowJob): Promise<void> {
    const { task, shadow } = job;
    const controller = new AbortController();
    this.controllers.add(controller);
    const timeout = setTimeout(
      () => controller.abort(new TaskTimeoutError(task.options.timeoutMs)),
      task.options.timeoutMs,
    );
    const started = performance.now();
    let outcome: { result: unknown; error: null } | { result: null; error: { code: string; message: string } };
    try {
      // A shadow call is a model call like any other: its own generation, under the shadow's version.
      const output = await this.generations.run(
        { ...task, modelVersion: shadow.info.version },
        shadow.model,
        controller.signal,
      );
      outcome = { result: output.result, error: null };
    } catch (err) {
      if (this.stopped) return;
      const error =
        controller.signal.reason instanceof TaskTimeoutError
          ? { code: 'TIMEOUT', message: (controller.signal.reason as Error).message }
          : toTaskError(err);
      outcome = { result: null, error: { code: error.code, message: error.message } };
    } finally {
      clearTimeout(timeout);
      this.controllers.delete(controller);
    }
    const durationMs = performance.now() - started;
    const agreed = outcome.error
      ? null
      : resultsAgree(job.championResult, outcome.result, this.settings.agreementTolerance);
    const labels = { model: task.modelId, version: shadow.info.version };
    this.metrics.shadowRuns.inc({ ...labels, outcome: agreed === null ? 'failed' : agreed ? 'agreed' : 'disagreed' });
    this.metrics.shadowDuration.observe(labels, durationMs / 1000);
    try {
      await this.repository.insert({
        id: newId(),
        taskId: task.id,
        tenant: task.tenant,
        modelId: task.modelId,
        championVersion: task.modelVersion,
        version: shadow.info.version,
        status: outcome.error ? 'failed' : 'succeeded',
        result: outcome.result,
        error: outcome.error,
        durationMs,
        championDurationMs: job.championDurationMs,
        agreed,
        createdAt: new Date(),
      });
    } catch (err) {
      this.logger.warn({ err, taskId: task.id, version: shadow.info.version }, 'Shadow run not stored');
    }
  }
}
