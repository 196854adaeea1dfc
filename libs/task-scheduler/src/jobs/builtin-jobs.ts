import { Injectable } from '@nestjs/common';
import { BaseConfig, Clock, JobContext, SchedulableJob, SchedulableJobHandler } from '@app/infrastructure';
import { RunRepository } from '../persistence/run.repository';

/**
 * Does nothing and succeeds: a heartbeat that proves the scheduler fires (its runs show when the
 * scheduler last worked), and a safe job for trying schedules out in Swagger.
 */
@SchedulableJob({
  name: 'scheduler.heartbeat',
  description: 'Succeeds immediately, recording that the scheduler fired; `note` is echoed in the result.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { note: { type: 'string', maxLength: 200 } },
  },
})
@Injectable()
export class HeartbeatJob implements SchedulableJobHandler<{ note?: string }> {
  run(input: { note?: string }, context: JobContext) {
    return { note: input.note ?? null, scheduledFor: context.scheduledFor.toISOString(), attempt: context.attempt };
  }
}

/** Retention for run history, every tenant's: deletes finished runs older than N days (dead letters are kept). */
@SchedulableJob({
  name: 'scheduler.prune-runs',
  description:
    'Deletes succeeded, cancelled and skipped runs of every tenant older than `olderThanDays` ' +
    '(default SCHEDULER_RUN_RETENTION_DAYS); admin only.',
  scope: 'system',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: { olderThanDays: { type: 'integer', minimum: 1, maximum: 36500 } },
  },
})
@Injectable()
export class PruneRunsJob implements SchedulableJobHandler<{ olderThanDays?: number }> {
  constructor(
    private readonly runs: RunRepository,
    private readonly config: BaseConfig,
    private readonly clock: Clock,
  ) {}

  async run(input: { olderThanDays?: number }) {
    const days = input.olderThanDays ?? this.config.values.scheduler.runRetentionDays;
    const cutoff = new Date(this.clock.nowMs() - days * 24 * 3600 * 1000);
    return { deleted: await this.runs.pruneFinished(cutoff), cutoff: cutoff.toISOString() };
  }
}
