import {
  MISSED_POLICIES,
  OVERLAP_POLICIES,
  PRIORITIES,
  SCHEDULE_KINDS,
  SCHEDULE_STATES,
  type Schedule,
  type ScheduleState,
  type ScheduleView,
} from '@app/task-scheduler';
import { BACKOFF_SCHEMA, iso, presentRun, RUN_SCHEMA } from './run.presenter';

/** The API's view of a schedule (lists): every field of the schedule and its state, times as ISO strings. */
export function presentSchedule(s: Schedule & { state: ScheduleState }) {
  return {
    id: s.id,
    tenant: s.tenant,
    createdBy: s.createdBy,
    name: s.name,
    job: s.job,
    input: s.input,
    kind: s.kind,
    cron: s.cron,
    timezone: s.timezone,
    everyMs: s.everyMs,
    at: iso(s.at),
    market: s.market,
    priority: s.priority,
    maxAttempts: s.maxAttempts,
    backoff: s.backoff,
    timeoutMs: s.timeoutMs,
    overlapPolicy: s.overlapPolicy,
    missedPolicy: s.missedPolicy,
    enabled: s.enabled,
    nextFireAt: iso(s.nextFireAt),
    lastFireAt: iso(s.lastFireAt),
    createdAt: iso(s.createdAt),
    updatedAt: iso(s.updatedAt),
    state: s.state,
  };
}

/** One schedule with its state, next fire times and last runs (GET /schedules/:id and every change). */
export function presentScheduleView(view: ScheduleView) {
  return {
    ...presentSchedule(view),
    nextFireTimes: view.nextFireTimes.map((d) => d.toISOString()),
    lastRuns: view.lastRuns.map(presentRun),
  };
}

/** Answer to DELETE /schedules/:id. */
export function presentScheduleDeletion(result: { id: string; deleted: true; cancelledRuns: number }) {
  return { id: result.id, deleted: result.deleted, cancelledRuns: result.cancelledRuns };
}

const SCHEDULE_PROPERTIES = {
  id: { type: 'string', example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' },
  tenant: {
    type: 'string',
    example: 'desk-fx',
    description: 'Owner; every scheduler route sees only the caller’s tenant',
  },
  createdBy: { type: 'string', nullable: true, example: 'fx-ops', description: 'Principal that created the schedule' },
  name: { type: 'string', nullable: true, example: 'weekday heartbeat' },
  job: { type: 'string', example: 'scheduler.heartbeat' },
  input: { type: 'object', additionalProperties: true, example: { note: 'hello' } },
  kind: { type: 'string', enum: [...SCHEDULE_KINDS], example: 'cron' },
  cron: { type: 'string', nullable: true, example: '0 9 * * 1-5' },
  timezone: { type: 'string', nullable: true, example: 'Europe/London' },
  everyMs: { type: 'integer', nullable: true, example: null },
  at: {
    type: 'string',
    format: 'date-time',
    nullable: true,
    description: 'One-off time, or an interval’s first fire time',
  },
  market: {
    type: 'object',
    nullable: true,
    description: 'Market trigger (kind market): `{ calendar, at }` or `{ calendar, every, during: "session" }`',
    example: { calendar: 'XNYS', at: 'open-30m' },
  },
  priority: { type: 'string', enum: [...PRIORITIES], example: 'normal' },
  maxAttempts: { type: 'integer', example: 3 },
  backoff: BACKOFF_SCHEMA,
  timeoutMs: { type: 'integer', nullable: true, example: 30000 },
  overlapPolicy: { type: 'string', enum: [...OVERLAP_POLICIES] },
  missedPolicy: { type: 'string', enum: [...MISSED_POLICIES] },
  enabled: { type: 'boolean', example: true },
  state: { type: 'string', enum: [...SCHEDULE_STATES] },
  nextFireAt: { type: 'string', format: 'date-time', nullable: true },
  lastFireAt: { type: 'string', format: 'date-time', nullable: true },
  createdAt: { type: 'string', format: 'date-time' },
  updatedAt: { type: 'string', format: 'date-time' },
};

export const SCHEDULE_SCHEMA = { type: 'object', properties: SCHEDULE_PROPERTIES };

export const SCHEDULE_VIEW_SCHEMA = {
  type: 'object',
  properties: {
    ...SCHEDULE_PROPERTIES,
    nextFireTimes: {
      type: 'array',
      items: { type: 'string', format: 'date-time' },
      example: ['2030-01-01T09:00:00.000Z', '2030-01-02T09:00:00.000Z'],
    },
    lastRuns: { type: 'array', items: RUN_SCHEMA },
  },
};

export const SCHEDULE_DELETION_SCHEMA = {
  type: 'object',
  example: { id: '01JD3Z7R2M0P9K8J7H6G5F4E3D', deleted: true, cancelledRuns: 0 },
};
