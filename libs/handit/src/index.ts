/** Public face of @app/handit: AI tasks on specialist models. */
export { HanditModule } from './handit.module';
export { TaskService } from './tasks/task.service';
export type { CreateTaskRequest, CreateTaskResult } from './tasks/task.service';
export { PRIORITIES, TASK_STATUSES, isFinal } from './tasks/task.types';
export type {
  Priority,
  Task,
  TaskListQuery,
  TaskStatus,
  TaskType,
  TaskOptions,
  TaskError,
  TokenUsage,
} from './tasks/task.types';
export { ModelRegistry } from './models/model-registry';
export type { ModelVersionView, RoutedModel } from './models/model-registry';
export { ModelGovernanceService } from './governance/model-governance.service';
export type { ModelInput, RuleInput, VersionInput } from './governance/model-governance.service';
export { ModelComparisonService, parseWindow } from './shadow/model-comparison.service';
export type { ModelComparison, VersionComparison, LatencySummary } from './shadow/model-comparison.service';
export {
  BUILT_IN_VERSION,
  EXTERNAL_PROTOCOLS,
  MODEL_ID_PATTERN,
  STICKY_KEYS,
  VERSION_PATTERN,
  VERSION_STATUSES,
} from './governance/governance.types';
export type {
  ExternalEndpoint,
  ExternalProtocol,
  ModelVersion,
  RoutingRule,
  ShadowRun,
  SplitEntry,
  StickyKey,
  UserModel,
  VersionParameters,
  VersionStatus,
} from './governance/governance.types';
export { parameterSchema } from './governance/engine-parameters';
export { RESULT_SCHEMAS } from './governance/result-schemas';
export { PromptResolvers } from './models/prompt-resolver';
export type { PromptReference, PromptResolver, ResolvedPrompt, PromptMessage } from './models/prompt-resolver';
export { PROMPT_NAME_PATTERN, PROMPT_LABEL_PATTERN, validatePromptReference } from './models/prompt-reference';
export { TaskExecutionError } from './tasks/task-errors';
export type { ModelDescriptor, SpecialistModel, ModelInvocation, ModelOutput } from './models/specialist-model';
export { MODEL_PROVIDERS, MODEL_STATUSES, SPECIALIST_MODELS } from './models/specialist-model';
export { ASSET_CLASS_CALENDARS, assetClassTradingHours } from './models/asset-class-hours';
export type { TradingHours } from './models/asset-class-hours';
export { TaskRunner } from './execution/task-runner';
export { DataPolicyService } from './data-quality/data-policy.service';
export type { DataPolicyInput, EffectiveDataPolicy } from './data-quality/data-policy.types';
export { DATA_CHECKS } from './data-quality/data-quality.types';
export type { DataCheck, DataProblem, DataQualityReport, SeriesReport } from './data-quality/data-quality.types';
export { CANDLE_INTERVALS } from './data-quality/candle-series';
export type { CandleInterval } from './data-quality/candle-series';
export { TaskLineageService } from './lineage/task-lineage.service';
export { lineageOf } from './lineage/lineage';
export type { TaskLineage, TaskLineageRecord, LineageSeries } from './lineage/task-lineage.types';
export type { TaskStatusEvent } from './execution/task-events';
export type { TaskProgress, TaskProgressEvent, TaskProgressListener } from './progress/task-progress.types';
export { PROGRESS_MIN_CANDLES } from './quant/progress';
export { TASK_TYPE_CATALOG } from './tasks/task-catalog';
export type { TaskTypeDescription } from './tasks/task-catalog';
export { quant } from './quant/public';
