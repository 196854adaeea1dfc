import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { AppError, BaseLogger, Clock, HanditSettings } from '@app/infrastructure';
import type { DataQualityReport } from '../data-quality/data-quality.types';
import type { ModelDescriptor } from '../models/specialist-model';
import { TaskLineageRepository } from '../persistence/task-lineage.repository';
import type { HanditDb } from '../persistence/tables';
import { timedCandles } from '../data-quality/candle-series';
import type { Task } from '../tasks/task.types';
import { ByInputText, knownInputTextDigest } from '../tasks/input-digest';
import { lineageOf, type LineageDigests } from './lineage';
import type { LineageSeries, TaskLineage } from './task-lineage.types';

const SWEEP_MS = 3_600_000;

/** Digests of inputs seen again (looked up in the result cache first, so their text digest is known). */
const lineages = new ByInputText<LineageDigests>(1_000);

/** The candle series of an input as the lineage lists them: path, count, first and last time. */
function seriesOf(input: unknown): LineageSeries[] {
  if (typeof input !== 'object' || input === null) return [];
  const o = input as { candles?: unknown; benchmark?: { candles?: unknown }; assets?: { candles?: unknown }[] };
  const found: [string, unknown][] = [
    ['candles', o.candles],
    ['benchmark.candles', o.benchmark?.candles],
  ];
  if (Array.isArray(o.assets)) o.assets.forEach((a, i) => found.push([`assets[${i}].candles`, a?.candles]));
  return found
    .filter((entry): entry is [string, unknown[]] => Array.isArray(entry[1]))
    .map(([path, candles]) => {
      const times = timedCandles(candles)?.map((c) => c.timeMs) ?? [];
      const iso = (ms: number | undefined) => (ms === undefined ? null : new Date(ms).toISOString());
      return { path, count: candles.length, first: iso(times[0]), last: iso(times[times.length - 1]) };
    });
}

/**
 * Records every task's lineage when it is accepted (the digest of the data its result will be
 * computed from, the model id and version, and the engine parameters, with its data checks) and
 * answers GET /tasks/:id/lineage. Lineage outlives nothing: it goes once its task has gone.
 */
@Injectable()
export class TaskLineageService implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly lineage: TaskLineageRepository,
    private readonly settings: HanditSettings,
    private readonly clock: Clock,
    private readonly logger: BaseLogger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * The lineage of a task about to be stored, and the write that stores it, which the caller runs
   * in the transaction that stores the task (a task is never stored without its lineage).
   */
  describe(
    task: Task,
    model: ModelDescriptor,
    quality: DataQualityReport | null,
  ): { lineage: TaskLineage; store: (db: HanditDb) => Promise<void> } {
    // A model version's parameters never change, so id and version scope the memo.
    const digests = lineages.get(
      `${task.type}\u0000${model.id}\u0000${model.version}`,
      knownInputTextDigest(task.input),
      () =>
        lineageOf({
          type: task.type,
          input: task.input,
          model: { id: model.id, version: model.version, parameters: model.parameters },
        }),
    );
    const lineage: TaskLineage = {
      taskId: task.id,
      tenant: task.tenant,
      algorithm: digests.algorithm,
      digest: digests.digest,
      dataDigest: digests.data,
      parametersDigest: digests.parameters,
      model: digests.model,
      record: {
        type: task.type,
        dataFields: digests.dataFields,
        series: seriesOf(task.input),
        engineParameters: digests.engineParameters,
      },
      dataQuality: quality,
      createdAt: task.createdAt,
    };
    return { lineage, store: (db) => this.lineage.insert(lineage, db) };
  }

  find(tenant: string, taskId: string): Promise<TaskLineage | undefined> {
    return this.lineage.find(tenant, taskId);
  }

  /** 404 for an unknown task, another tenant's, or one accepted before lineage was recorded. */
  async get(tenant: string, taskId: string): Promise<TaskLineage> {
    const lineage = await this.lineage.find(tenant, taskId);
    if (!lineage) throw AppError.notFound('task lineage', taskId);
    return lineage;
  }

  /** Deletes lineage past the task retention whose task is gone. */
  async sweep(): Promise<number> {
    const days = this.settings.retentionDays;
    try {
      return await this.lineage.deleteOrphansBefore(new Date(this.clock.nowMs() - days * 86_400_000));
    } catch (err) {
      this.logger.warn({ err }, 'Task lineage retention sweep failed');
      return 0;
    }
  }
}
