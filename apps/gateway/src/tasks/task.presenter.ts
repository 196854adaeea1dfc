import { PRIORITIES, TASK_STATUSES, TASK_TYPE_CATALOG, type Task } from '@app/handit';
import { workErrorSchema } from '../http/work-error.schema';

export const TASKS_PATH = '/api/v1/ai-orchestration/tasks';

/**
 * The API's view of a task. `full` (GET /tasks/:id) has input and result; `result` (answers to
 * POST and DELETE) leaves out the input the client just sent; `summary` (lists) leaves out both,
 * since either can be megabytes.
 */
export function presentTask(task: Task, detail: 'full' | 'result' | 'summary' = 'full') {
  const durationMs = task.startedAt && task.finishedAt ? task.finishedAt.getTime() - task.startedAt.getTime() : null;
  return {
    id: task.id,
    type: task.type,
    model: { id: task.modelId, version: task.modelVersion },
    priority: task.priority,
    status: task.status,
    ...(detail === 'full' ? { input: task.input } : {}),
    options: task.options,
    ...(detail !== 'summary' ? { result: task.result } : {}),
    error: task.error,
    attempts: task.attempts,
    cacheHit: task.cacheHit,
    usage: task.usage,
    traceId: task.traceId,
    createdAt: task.createdAt.toISOString(),
    startedAt: task.startedAt?.toISOString() ?? null,
    finishedAt: task.finishedAt?.toISOString() ?? null,
    durationMs,
    lineageDigest: task.lineageDigest ?? null,
    dataQuality: task.dataQuality ?? null,
    progress: task.progress
      ? { fraction: task.progress.fraction, message: task.progress.message, at: task.progress.at.toISOString() }
      : null,
    links: {
      self: `${TASKS_PATH}/${task.id}`,
      events: `${TASKS_PATH}/${task.id}/events`,
      lineage: `${TASKS_PATH}/${task.id}/lineage`,
    },
  };
}

export const TASK_SCHEMA = {
  type: 'object',
  // Always present; `input` only on GET /tasks/:id, `result` except in lists.
  required: [
    'id',
    'type',
    'model',
    'priority',
    'status',
    'options',
    'error',
    'attempts',
    'cacheHit',
    'usage',
    'traceId',
    'createdAt',
    'startedAt',
    'finishedAt',
    'durationMs',
    'lineageDigest',
    'dataQuality',
    'progress',
    'links',
  ],
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    type: { type: 'string', example: 'options_pricing' },
    model: {
      type: 'object',
      required: ['id', 'version'],
      properties: { id: { type: 'string', example: 'options-pricer' }, version: { type: 'string', example: '1.0.0' } },
    },
    priority: { type: 'string', enum: [...PRIORITIES] },
    status: { type: 'string', enum: [...TASK_STATUSES] },
    input: {
      type: 'object',
      additionalProperties: true,
      example: TASK_TYPE_CATALOG.find((entry) => entry.type === 'options_pricing')?.example,
    },
    options: {
      type: 'object',
      required: ['timeoutMs', 'maxAttempts', 'cache'],
      properties: {
        timeoutMs: { type: 'integer', example: 10000 },
        maxAttempts: { type: 'integer', example: 3 },
        cache: { type: 'boolean', example: true },
      },
    },
    result: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      example: { call: { price: 4.76 }, put: { price: 0.81 } },
    },
    error: workErrorSchema(),
    attempts: { type: 'integer', example: 1 },
    cacheHit: { type: 'boolean', example: false },
    usage: {
      type: 'object',
      nullable: true,
      description: 'LLM tokens (market_commentary); null for the quantitative models',
      properties: {
        inputTokens: { type: 'integer', example: 412 },
        outputTokens: { type: 'integer', example: 96 },
        totalTokens: { type: 'integer', example: 508 },
      },
    },
    traceId: { type: 'string', nullable: true, example: '4bf92f3577b34da6a3ce929d0e0e4736' },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time', nullable: true },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    durationMs: { type: 'number', nullable: true, example: 3 },
    lineageDigest: {
      type: 'string',
      nullable: true,
      example: '9f2c4e7a1b3d5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8',
      description: 'SHA-256 of the data, model and parameters the result is computed from (GET …/lineage)',
    },
    dataQuality: {
      type: 'object',
      nullable: true,
      description: 'The data checks of the candle inputs: policy, each series (interval, calendar, repairs), warnings',
      example: {
        policy: 'warn',
        series: [{ path: 'candles', count: 120, interval: '1d', calendar: 'XNYS', repairs: { duplicatesDropped: 0 } }],
        warnings: [
          { check: 'gap', field: 'input.candles[57].time', message: 'gap: 1 XNYS trading day(s) without a candle …' },
        ],
      },
    },
    progress: {
      type: 'object',
      nullable: true,
      description:
        'The model’s latest progress report (long analyses report it; stored at most once a second); null when ' +
        'it never reported. Every report streams as a `progress` event on GET …/events.',
      required: ['fraction', 'message', 'at'],
      properties: {
        fraction: { type: 'number', minimum: 0, maximum: 1, example: 0.55 },
        message: { type: 'string', example: 'computed rsi(period=14) (2/4)' },
        at: { type: 'string', format: 'date-time' },
      },
    },
    links: {
      type: 'object',
      required: ['self', 'events', 'lineage'],
      properties: {
        self: { type: 'string', example: `${TASKS_PATH}/01JD3Z8X6Q4W3N5R7T9V1B2C3D` },
        events: { type: 'string', example: `${TASKS_PATH}/01JD3Z8X6Q4W3N5R7T9V1B2C3D/events` },
        lineage: { type: 'string', example: `${TASKS_PATH}/01JD3Z8X6Q4W3N5R7T9V1B2C3D/lineage` },
      },
    },
  },
};
