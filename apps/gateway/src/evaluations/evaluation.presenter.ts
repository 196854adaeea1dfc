import type { ComparedItem, Dataset, DatasetItem, Experiment, ExperimentItem } from '@app/evaluations';
import { EXPERIMENT_STATUSES, ITEM_STATUSES } from '@app/evaluations';

export function presentDataset(d: Dataset) {
  return {
    id: d.id,
    name: d.name,
    description: d.description,
    latestVersion: d.latestVersion,
    createdAt: d.createdAt.toISOString(),
    updatedAt: d.updatedAt.toISOString(),
  };
}

export const DATASET_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' },
    name: { type: 'string', example: 'spx-daily-signals' },
    description: { type: 'string', nullable: true, example: 'S&P 500 daily cases' },
    latestVersion: { type: 'integer', example: 1, description: '0 until items are imported' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};

export function presentImport(r: { dataset: Dataset; version: number; added: number; total: number }) {
  return { dataset: presentDataset(r.dataset), version: r.version, added: r.added, total: r.total };
}

export const IMPORT_SCHEMA = {
  type: 'object',
  properties: {
    dataset: DATASET_SCHEMA,
    version: { type: 'integer', example: 2 },
    added: { type: 'integer', example: 200 },
    total: { type: 'integer', example: 200 },
  },
};

export function presentItems(r: { version: number; items: DatasetItem[] }) {
  return {
    version: r.version,
    items: r.items.map((i) => ({
      id: i.id,
      position: i.position,
      input: i.input,
      expectedOutput: i.expectedOutput,
      metadata: i.metadata,
    })),
  };
}

export const ITEMS_SCHEMA = {
  type: 'object',
  properties: {
    version: { type: 'integer', example: 1 },
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          id: { type: 'string', example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' },
          position: { type: 'integer', example: 0 },
          input: { type: 'object', example: { symbol: 'SPX' } },
          expectedOutput: { nullable: true, example: { forwardCloses: [1455.2] } },
          metadata: { type: 'object', nullable: true, example: { date: '2000-03-27' } },
        },
      },
    },
  },
};

export function presentExperiment(e: Experiment) {
  return {
    id: e.id,
    name: e.name,
    datasetId: e.datasetId,
    datasetVersion: e.datasetVersion,
    target: e.target,
    evaluators: e.evaluators,
    priority: e.priority,
    status: e.status,
    itemCount: e.itemCount,
    summary: e.summary,
    createdAt: e.createdAt.toISOString(),
    finishedAt: e.finishedAt?.toISOString() ?? null,
    links: { self: `/api/v1/evaluations/experiments/${e.id}`, items: `/api/v1/evaluations/experiments/${e.id}/items` },
  };
}

export const EXPERIMENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' },
    name: { type: 'string', example: 'signals v2 fast RSI' },
    datasetId: { type: 'string', example: '01JD3Z7R2M0P9K8J7H6G5F4E3E' },
    datasetVersion: { type: 'integer', example: 1 },
    target: {
      type: 'object',
      example: { kind: 'task', taskType: 'trading_signal', model: 'equities-technical', modelVersion: 'v2' },
    },
    evaluators: { type: 'array', items: { type: 'object' }, example: [{ type: 'signal_outcome', horizon: 5 }] },
    priority: { type: 'string', example: 'low' },
    status: { type: 'string', enum: EXPERIMENT_STATUSES, example: 'succeeded' },
    itemCount: { type: 'integer', example: 200 },
    summary: {
      type: 'object',
      nullable: true,
      description: 'When finished: counts, each score mean, and signal aggregates (hit rate, average return, IC)',
      example: {
        succeeded: 200,
        failed: 0,
        scores: [{ name: 'signal_hit', mean: 0.54, count: 120 }],
        signals: { signals: 200, directional: 120, hitRate: 0.54, averageReturn: 0.0021, informationCoefficient: 0.06 },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    links: { type: 'object', example: { self: '/api/v1/evaluations/experiments/01JD3Z7R2M0P9K8J7H6G5F4E3D' } },
  },
};

export function presentExperimentItem(i: ExperimentItem) {
  return {
    itemId: i.itemId,
    position: i.position,
    status: i.status,
    taskId: i.taskId,
    traceId: i.traceId,
    output: i.output,
    error: i.error,
    scores: i.scores,
    finishedAt: i.finishedAt?.toISOString() ?? null,
  };
}

export const EXPERIMENT_ITEM_SCHEMA = {
  type: 'object',
  properties: {
    itemId: { type: 'string', example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' },
    position: { type: 'integer', example: 0 },
    status: { type: 'string', enum: ITEM_STATUSES, example: 'succeeded' },
    taskId: { type: 'string', nullable: true, example: '01JD3Z7R2M0P9K8J7H6G5F4E3F' },
    traceId: { type: 'string', nullable: true, example: '4bf92f3577b34da6a3ce929d0e0e4736' },
    output: { nullable: true, example: { action: 'buy', confidence: 0.75 } },
    error: { type: 'object', nullable: true, example: null },
    scores: { type: 'object', additionalProperties: { type: 'number', nullable: true }, example: { signal_hit: 1 } },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
  },
};

export function presentComparison(c: { a: Experiment; b: Experiment; items: ComparedItem[] }) {
  return { a: presentExperiment(c.a), b: presentExperiment(c.b), items: c.items };
}

export const COMPARISON_SCHEMA = {
  type: 'object',
  properties: {
    a: EXPERIMENT_SCHEMA,
    b: EXPERIMENT_SCHEMA,
    items: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          itemId: { type: 'string', example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' },
          position: { type: 'integer', example: 0 },
          a: { type: 'object', nullable: true, example: { status: 'succeeded', scores: { signal_hit: 0 } } },
          b: { type: 'object', nullable: true, example: { status: 'succeeded', scores: { signal_hit: 1 } } },
          delta: { type: 'object', example: { signal_hit: 1 }, description: 'b − a per score' },
        },
      },
    },
  },
};
