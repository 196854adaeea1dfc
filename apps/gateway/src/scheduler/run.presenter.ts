import { PRIORITIES, RUN_STATUSES, RUN_TRIGGERS, type Run } from '@app/task-scheduler';

/** A Date as the API writes it; null and absent stay as they are. */
export const iso = <T extends Date | null | undefined>(d: T) =>
  (d ? d.toISOString() : d) as T extends Date ? string : T;

/** The API's view of a scheduler run: every field of the run, times as ISO strings. */
export function presentRun(run: Run) {
  return {
    id: run.id,
    tenant: run.tenant,
    createdBy: run.createdBy,
    scheduleId: run.scheduleId,
    job: run.job,
    input: run.input,
    priority: run.priority,
    status: run.status,
    trigger: run.trigger,
    attempts: run.attempts,
    maxAttempts: run.maxAttempts,
    backoff: run.backoff,
    timeoutMs: run.timeoutMs,
    scheduledFor: iso(run.scheduledFor),
    notBefore: iso(run.notBefore),
    startedAt: iso(run.startedAt),
    finishedAt: iso(run.finishedAt),
    durationMs: run.durationMs,
    error: run.error,
    errors: run.errors,
    result: run.result,
    createdAt: iso(run.createdAt),
    updatedAt: iso(run.updatedAt),
  };
}

/** Answer to DELETE /dead-letter. */
export function presentPurge(result: { purged: number }) {
  return { purged: result.purged };
}

/** A schedule's and a run's retry backoff. */
export const BACKOFF_SCHEMA = { type: 'object', example: { type: 'exponential', delayMs: 1000, maxDelayMs: 60000 } };

export const RUN_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    tenant: {
      type: 'string',
      example: 'desk-fx',
      description: 'Owner; every scheduler route sees only the caller’s tenant',
    },
    createdBy: {
      type: 'string',
      nullable: true,
      example: 'fx-ops',
      description: 'Principal that created the schedule',
    },
    scheduleId: { type: 'string', nullable: true, example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' },
    job: { type: 'string', example: 'scheduler.heartbeat' },
    input: { type: 'object', additionalProperties: true, example: { note: 'hello' } },
    priority: { type: 'string', enum: [...PRIORITIES], example: 'normal' },
    status: {
      type: 'string',
      enum: [...RUN_STATUSES],
      example: 'succeeded',
    },
    trigger: { type: 'string', enum: [...RUN_TRIGGERS], example: 'schedule' },
    attempts: { type: 'integer', example: 1 },
    maxAttempts: { type: 'integer', example: 3 },
    backoff: BACKOFF_SCHEMA,
    timeoutMs: { type: 'integer', nullable: true, example: 30000 },
    scheduledFor: { type: 'string', format: 'date-time' },
    notBefore: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time', nullable: true },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    durationMs: { type: 'integer', nullable: true, example: 12 },
    error: { type: 'string', nullable: true, example: null },
    errors: {
      type: 'array',
      items: { type: 'object', example: { attempt: 1, at: '2030-01-01T09:00:00.000Z', message: 'upstream timeout' } },
    },
    result: { nullable: true, example: { note: 'hello' } },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export const PURGE_SCHEMA = { type: 'object', example: { purged: 3 } };
