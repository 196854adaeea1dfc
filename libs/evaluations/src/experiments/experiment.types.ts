import type { Priority } from '@app/handit';
import type { EvaluatorSpec, ItemScores } from '../evaluators/evaluator.types';
import type { SignalAggregate } from '../evaluators/signal-outcome';

/**
 * What an experiment runs on each item: a task type on a model, with parameters merged into each
 * item's input. `modelVersion` is a plain reference (a version label or id of handit's model
 * registry once versions exist), kept and reported as given.
 */
export interface ExperimentTarget {
  kind: 'task';
  taskType: string;
  model?: string;
  modelVersion?: string;
  parameters?: Record<string, unknown>;
}

export const EXPERIMENT_STATUSES = ['running', 'succeeded', 'failed'] as const;
export type ExperimentStatus = (typeof EXPERIMENT_STATUSES)[number];
export const ITEM_STATUSES = ['pending', 'succeeded', 'failed'] as const;
export type ExperimentItemStatus = (typeof ITEM_STATUSES)[number];

/** An evaluator's mean over the items it applied to. */
export interface ScoreSummary {
  name: string;
  mean: number | null;
  count: number;
}

export interface ExperimentSummary {
  succeeded: number;
  failed: number;
  scores: ScoreSummary[];
  /** Signal outcome aggregates, when a signal_outcome evaluator ran. */
  signals: SignalAggregate | null;
}

export interface Experiment {
  id: string;
  tenant: string;
  name: string;
  datasetId: string;
  datasetVersion: number;
  target: ExperimentTarget;
  evaluators: EvaluatorSpec[];
  priority: Priority;
  status: ExperimentStatus;
  itemCount: number;
  summary: ExperimentSummary | null;
  createdBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
}

export interface ExperimentItem {
  itemId: string;
  position: number;
  status: ExperimentItemStatus;
  taskId: string | null;
  traceId: string | null;
  output: unknown;
  error: { code: string; message: string } | null;
  scores: ItemScores;
  finishedAt: Date | null;
}
