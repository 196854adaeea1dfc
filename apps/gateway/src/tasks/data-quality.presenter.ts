import { DATA_CHECKS, type EffectiveDataPolicy, type TaskLineage } from '@app/handit';
import { DATA_POLICIES } from '@app/infrastructure';
import { TASKS_PATH } from './task.presenter';

/** The data policy a tenant's tasks are checked under. */
export function presentDataPolicy(policy: EffectiveDataPolicy) {
  return {
    tenant: policy.tenant,
    policy: policy.policy,
    staleness: policy.staleness,
    zeroVolumeRun: policy.zeroVolumeRun,
    source: policy.source,
    updatedBy: policy.updatedBy,
    updatedAt: policy.updatedAt?.toISOString() ?? null,
  };
}

export const DATA_POLICY_SCHEMA = {
  type: 'object',
  properties: {
    tenant: { type: 'string', example: 'desk-eq' },
    policy: { type: 'string', enum: [...DATA_POLICIES], example: 'warn' },
    staleness: {
      type: 'object',
      additionalProperties: { type: 'string' },
      example: { '1m': '5m', '5m': '15m', '15m': '45m', '30m': '90m', '1h': '3h', '4h': '8h', '1d': '1d' },
    },
    zeroVolumeRun: { type: 'integer', example: 3 },
    source: { type: 'string', enum: ['config', 'tenant'], description: 'tenant: an override set through this API' },
    updatedBy: { type: 'string', nullable: true, example: 'eq-admin' },
    updatedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

/** A task's lineage: its digest, what the digest covers, and the data checks of its inputs. */
export function presentLineage(lineage: TaskLineage) {
  return {
    taskId: lineage.taskId,
    algorithm: lineage.algorithm,
    digest: lineage.digest,
    components: { data: lineage.dataDigest, model: lineage.model, parameters: lineage.parametersDigest },
    data: { fields: lineage.record.dataFields, series: lineage.record.series },
    parameters: lineage.record.engineParameters,
    dataQuality: lineage.dataQuality,
    createdAt: lineage.createdAt.toISOString(),
    links: { task: `${TASKS_PATH}/${lineage.taskId}` },
  };
}

const SHA = { type: 'string', example: '3f0c1e7a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e' };

/** One candle check's finding, as a warning on a task or in its lineage. */
export const DATA_PROBLEM_SCHEMA = {
  type: 'object',
  properties: {
    check: { type: 'string', enum: [...DATA_CHECKS], example: 'stale' },
    field: { type: 'string', example: 'input.candles[119].time' },
    message: {
      type: 'string',
      example:
        'stale: the last candle is of 2025-07-25; 2 XNYS trading day(s) have closed since, ' +
        'more than the 1d allowed for 1d candles',
    },
  },
};

export const DATA_QUALITY_SCHEMA = {
  type: 'object',
  nullable: true,
  description: 'The data checks of the task’s candle inputs (null when it has none)',
  properties: {
    policy: { type: 'string', enum: [...DATA_POLICIES], example: 'warn' },
    series: {
      type: 'array',
      items: {
        type: 'object',
        example: {
          path: 'candles',
          count: 120,
          interval: '1d',
          calendar: 'XNYS',
          repairs: { duplicatesDropped: 0 },
        },
      },
    },
    warnings: { type: 'array', items: DATA_PROBLEM_SCHEMA, description: 'The problems found, under the warn policy' },
  },
};

export const LINEAGE_SCHEMA = {
  type: 'object',
  properties: {
    taskId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    algorithm: { type: 'string', enum: ['sha256'] },
    digest: { ...SHA, description: 'SHA-256 over the data, model and parameters digests below' },
    components: {
      type: 'object',
      properties: {
        data: { ...SHA, description: 'SHA-256 of the canonical input data (sorted keys, candles [ms, o, h, l, c, v])' },
        model: { type: 'object', example: { id: 'equities-technical', version: '1.0.0' } },
        parameters: {
          ...SHA,
          description: 'SHA-256 of the task type, the input’s other fields, the model’s parameters',
        },
      },
    },
    data: {
      type: 'object',
      example: {
        fields: ['candles'],
        series: [{ path: 'candles', count: 120, first: '2025-02-03T00:00:00.000Z', last: '2025-07-25T00:00:00.000Z' }],
      },
    },
    parameters: {
      type: 'object',
      additionalProperties: true,
      example: { type: 'trading_signal', input: { symbol: 'SPY', assetClass: 'etfs' }, model: { periodsPerYear: 252 } },
    },
    dataQuality: DATA_QUALITY_SCHEMA,
    createdAt: { type: 'string', format: 'date-time' },
    links: { type: 'object', example: { task: '/api/v1/ai-orchestration/tasks/01JD3Z8X6Q4W3N5R7T9V1B2C3D' } },
  },
};
