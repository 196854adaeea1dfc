import {
  EXTERNAL_PROTOCOLS,
  MODEL_PROVIDERS,
  STICKY_KEYS,
  VERSION_STATUSES,
  parameterSchema,
  type ModelComparison,
  type ModelVersionView,
  type RoutingRule,
  type ShadowRun,
} from '@app/handit';

/** A model version: what computes it (engine and parameters, or an external endpoint), its status and role. */
export function presentVersion(view: ModelVersionView) {
  const { info, descriptor } = view;
  return {
    modelId: info.modelId,
    version: info.version,
    ref: `${info.modelId}@${info.version}`,
    status: info.status,
    champion: view.champion,
    provider: descriptor.provider,
    engine: info.engine,
    parameters: info.parameters,
    parameterSchema: info.external ? null : parameterSchema(descriptor.taskTypes),
    external: info.external,
    fallbackVersion: info.fallbackVersion,
    taskTypes: descriptor.taskTypes,
    builtIn: info.builtIn,
    createdBy: info.createdBy,
    createdAt: info.createdAt.toISOString(),
    updatedAt: info.updatedAt.toISOString(),
  };
}

const at = (example: string) => ({ type: 'string', format: 'date-time', example });

export const VERSION_SCHEMA = {
  type: 'object',
  required: ['modelId', 'version', 'ref', 'status', 'champion', 'provider', 'parameters', 'taskTypes', 'builtIn'],
  properties: {
    modelId: { type: 'string', example: 'equities-technical' },
    version: { type: 'string', example: 'v2' },
    ref: { type: 'string', example: 'equities-technical@v2', description: 'What a task’s model field pins' },
    status: { type: 'string', enum: [...VERSION_STATUSES] },
    champion: { type: 'boolean', example: false, description: 'Serves routed tasks no rule sends elsewhere' },
    provider: { type: 'string', enum: [...MODEL_PROVIDERS] },
    engine: { type: 'string', nullable: true, example: 'equities-technical' },
    parameters: {
      type: 'object',
      additionalProperties: true,
      example: { trading_signal: { rsiPeriod: 10, rsiOversold: 25, rsiOverbought: 75 } },
    },
    parameterSchema: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      description: 'JSON Schema of the parameters this version’s engine takes',
      example: { type: 'object', properties: { trading_signal: { type: 'object' } } },
    },
    external: {
      type: 'object',
      nullable: true,
      additionalProperties: true,
      example: { protocol: 'json', url: 'https://models.example.com/signal', timeoutMs: 5000 },
      properties: { protocol: { type: 'string', enum: [...EXTERNAL_PROTOCOLS] } },
    },
    fallbackVersion: { type: 'string', nullable: true, example: 'v1' },
    taskTypes: { type: 'array', items: { type: 'string' }, example: ['technical_analysis', 'trading_signal'] },
    builtIn: { type: 'boolean', example: true, description: 'A version of a built-in model' },
    createdBy: { type: 'string', nullable: true, example: 'ops-admin' },
    createdAt: at('2026-11-25T12:00:00.000Z'),
    updatedAt: at('2026-11-25T12:00:00.000Z'),
  },
};

/** POST /models answers the first version with the model's id (what the Location-less creation names). */
export const CREATED_MODEL_SCHEMA = {
  ...VERSION_SCHEMA,
  required: ['id', ...VERSION_SCHEMA.required],
  properties: { id: { type: 'string', example: 'equities-signal-fast' }, ...VERSION_SCHEMA.properties },
};

export function presentRule(rule: RoutingRule) {
  return {
    modelId: rule.modelId,
    tenant: rule.tenant,
    split: rule.split,
    sticky: rule.sticky,
    updatedBy: rule.updatedBy,
    updatedAt: rule.updatedAt.toISOString(),
  };
}

export const RULE_SCHEMA = {
  type: 'object',
  required: ['modelId', 'tenant', 'split', 'sticky', 'updatedAt'],
  properties: {
    modelId: { type: 'string', example: 'equities-technical' },
    tenant: { type: 'string', nullable: true, example: null, description: 'null: every tenant without its own rule' },
    split: {
      type: 'array',
      items: {
        type: 'object',
        required: ['version', 'weight'],
        properties: { version: { type: 'string', example: 'v1' }, weight: { type: 'integer', example: 90 } },
      },
      example: [
        { version: 'v1', weight: 90 },
        { version: 'v2', weight: 10 },
      ],
    },
    sticky: {
      type: 'object',
      nullable: true,
      example: { by: 'symbol' },
      properties: { by: { type: 'string', enum: [...STICKY_KEYS] }, header: { type: 'string', example: 'X-Desk' } },
    },
    updatedBy: { type: 'string', nullable: true, example: 'ops-admin' },
    updatedAt: at('2026-11-25T12:00:00.000Z'),
  },
};

export function presentComparison(c: ModelComparison) {
  return { ...c, from: c.from.toISOString(), to: c.to.toISOString() };
}

const latency = (p50: number, p95: number) => ({
  type: 'object',
  required: ['p50', 'p95', 'mean'],
  example: { p50, p95, mean: p50 },
  properties: {
    p50: { type: 'number', nullable: true, example: p50 },
    p95: { type: 'number', nullable: true, example: p95 },
    mean: { type: 'number', nullable: true, example: p50 },
  },
});
const rate = (example: number) => ({ type: 'number', nullable: true, example, minimum: 0, maximum: 1 });
const count = (example: number) => ({ type: 'integer', example });

export const COMPARISON_SCHEMA = {
  type: 'object',
  required: ['modelId', 'window', 'from', 'to', 'tenant', 'versions', 'sampled'],
  properties: {
    modelId: { type: 'string', example: 'equities-technical' },
    window: { type: 'string', example: '1h' },
    from: at('2026-11-25T11:00:00.000Z'),
    to: at('2026-11-25T12:00:00.000Z'),
    tenant: { type: 'string', nullable: true, example: 'default', description: 'null: every tenant (system admin)' },
    versions: {
      type: 'array',
      items: {
        type: 'object',
        required: ['version', 'status', 'champion', 'tasks', 'shadow'],
        properties: {
          version: { type: 'string', example: 'v2' },
          status: { type: 'string', enum: [...VERSION_STATUSES, 'unknown'] },
          champion: { type: 'boolean', example: false },
          tasks: {
            type: 'object',
            description: 'Tasks this version served (routed or pinned) that finished in the window',
            required: ['count', 'succeeded', 'failed', 'errorRate', 'latencyMs'],
            properties: {
              count: count(120),
              succeeded: count(119),
              failed: count(1),
              errorRate: rate(0.0083),
              latencyMs: latency(3.2, 7.9),
            },
          },
          shadow: {
            type: 'object',
            description: 'Its shadow runs beside champion tasks: failures, agreement with the champion, latency',
            required: ['count', 'failed', 'errorRate', 'agreed', 'agreementRate', 'latencyMs', 'championLatencyMs'],
            properties: {
              count: count(980),
              failed: count(0),
              errorRate: rate(0),
              agreed: count(912),
              agreementRate: rate(0.9306),
              latencyMs: latency(3.4, 8.1),
              championLatencyMs: latency(3.1, 7.7),
            },
          },
        },
      },
    },
    sampled: {
      type: 'object',
      required: ['tasks', 'shadowRuns', 'limit'],
      properties: { tasks: count(1100), shadowRuns: count(980), limit: count(50000) },
    },
  },
};

export function presentShadowRun(run: ShadowRun) {
  return {
    id: run.id,
    taskId: run.taskId,
    modelId: run.modelId,
    championVersion: run.championVersion,
    version: run.version,
    status: run.status,
    result: run.result,
    error: run.error,
    durationMs: Math.round(run.durationMs * 100) / 100,
    championDurationMs: run.championDurationMs,
    agreed: run.agreed,
    createdAt: run.createdAt.toISOString(),
  };
}

export const SHADOW_RUN_SCHEMA = {
  type: 'object',
  required: ['id', 'taskId', 'modelId', 'championVersion', 'version', 'status', 'durationMs', 'agreed', 'createdAt'],
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E' },
    taskId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    modelId: { type: 'string', example: 'equities-technical' },
    championVersion: { type: 'string', example: 'v1' },
    version: { type: 'string', example: 'v2' },
    status: { type: 'string', enum: ['succeeded', 'failed'] },
    result: {
      nullable: true,
      description: 'The shadow’s result (never the task’s)',
      example: { action: 'buy', confidence: 0.75, score: 3 },
    },
    error: {
      type: 'object',
      nullable: true,
      example: null,
      properties: { code: { type: 'string', example: 'TIMEOUT' }, message: { type: 'string', example: 'Timed out' } },
    },
    durationMs: { type: 'number', example: 3.4 },
    championDurationMs: { type: 'number', example: 3 },
    agreed: {
      type: 'boolean',
      nullable: true,
      example: true,
      description: 'Same signal direction / numbers within tolerance',
    },
    createdAt: at('2026-11-25T12:00:00.000Z'),
  },
};
