/** Public face of @app/evaluations: datasets and experiments, for the gateway. */
export { EvaluationsModule } from './evaluations.module';
export { DatasetService, MAX_ITEMS_PER_VERSION } from './datasets/dataset.service';
export { ExperimentService, type CreateExperiment, type ComparedItem } from './experiments/experiment.service';
export {
  IMPORT_FORMATS,
  IMPORT_MODES,
  type Dataset,
  type DatasetItem,
  type ImportFormat,
  type ImportMode,
} from './datasets/dataset.types';
export { EVALUATOR_TYPES, type EvaluatorSpec, type ItemScores } from './evaluators/evaluator.types';
export {
  EXPERIMENT_STATUSES,
  ITEM_STATUSES,
  type Experiment,
  type ExperimentItem,
  type ExperimentTarget,
  type ExperimentSummary,
} from './experiments/experiment.types';
export {
  scoreSignal,
  aggregateSignals,
  spearman,
  type SignalOutcome,
  type SignalAggregate,
} from './evaluators/signal-outcome';
export { ScoreSinks, type ItemScoreSink } from './experiments/score-sinks';
