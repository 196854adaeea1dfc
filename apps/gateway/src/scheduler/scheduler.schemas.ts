/** OpenAPI schemas (with examples) of what the scheduler routes return. */
const BACKOFF = { type: 'object', example: { type: 'exponential', delayMs: 1000, maxDelayMs: 60000 } };

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
    priority: { type: 'string', example: 'normal' },
    status: {
      type: 'string',
      enum: ['queued', 'running', 'retrying', 'succeeded', 'dead', 'cancelled', 'skipped'],
      example: 'succeeded',
    },
    trigger: { type: 'string', enum: ['schedule', 'missed', 'manual', 'dead-letter-retry'], example: 'schedule' },
    attempts: { type: 'integer', example: 1 },
    maxAttempts: { type: 'integer', example: 3 },
    backoff: BACKOFF,
    timeoutMs: { type: 'integer', nullable: true },
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
  kind: { type: 'string', enum: ['cron', 'every', 'at', 'market'], example: 'cron' },
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
  priority: { type: 'string', example: 'normal' },
  maxAttempts: { type: 'integer', example: 3 },
  backoff: BACKOFF,
  timeoutMs: { type: 'integer', nullable: true },
  overlapPolicy: { type: 'string', enum: ['skip', 'queue'] },
  missedPolicy: { type: 'string', enum: ['skip', 'run-once'] },
  enabled: { type: 'boolean' },
  state: { type: 'string', enum: ['active', 'paused', 'completed'] },
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

export const JOB_SCHEMA = {
  type: 'object',
  example: {
    name: 'scheduler.heartbeat',
    description: 'Succeeds immediately, recording that the scheduler fired',
    scope: 'tenant',
    inputSchema: { type: 'object', properties: { note: { type: 'string' } } },
  },
};

/** Request bodies for POST /schedules, one per kind of timing (Swagger's example picker). */
export const SCHEDULE_EXAMPLES = {
  cron: {
    value: { name: 'weekday heartbeat', job: 'scheduler.heartbeat', cron: '0 9 * * 1-5', timezone: 'Europe/London' },
  },
  'market-open': {
    summary: 'XNYS open-30m: 09:00 New York on trading days only',
    value: { name: 'pre-open scan', job: 'scheduler.heartbeat', market: { calendar: 'XNYS', at: 'open-30m' } },
  },
  'market-close': {
    summary: 'XNYS close+15m: follows half days (13:15 on the day after Thanksgiving)',
    value: { name: 'end-of-day risk', job: 'scheduler.heartbeat', market: { calendar: 'XNYS', at: 'close+15m' } },
  },
  'every-5m-in-session': {
    summary: 'Every 5 minutes while Tokyo trades (never in the lunch break)',
    value: {
      job: 'scheduler.heartbeat',
      market: { calendar: 'XTKS', every: '5m', during: 'session' },
      overlapPolicy: 'skip',
    },
  },
};
