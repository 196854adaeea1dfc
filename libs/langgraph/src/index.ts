/** Public face of @app/langgraph: durable multi-step workflows. */
import './events';
export { LanggraphModule } from './langgraph.module';
export { WorkflowService } from './runs/workflow.service';
export { ReplayService } from './replay/replay.service';
export type { ReplayCaller } from './replay/replay.service';
export { DEFAULT_REPLAY_TOLERANCE, REPLAY_IGNORED_KEYS } from './replay/replay.types';
export type { NodeDiff, ReplayDiff } from './replay/replay.types';
export { DIFF_VERDICTS } from './replay/run-diff';
export type { DiffVerdict, ValueComparison, ValueDifference } from './replay/run-diff';
export type { ExecuteRequest, CheckpointView } from './runs/workflow.service';
export { WorkflowCatalog } from './runs/workflow-catalog';
export { RUN_STATUSES, NODE_STATUSES, RUN_SOURCES, isFinalRun } from './runs/run.types';
export type {
  Run,
  RunNode,
  RunEvent,
  RunStatus,
  RunError,
  PendingInterrupt,
  ApprovalDecision,
  RunSource,
} from './runs/run.types';
export { BREACH_ACTIONS, MEMORY_OPERATIONS, NODE_KINDS } from './definition/definition.types';
export type {
  WorkflowDefinition,
  NodeDefinition,
  EdgeDefinition,
  ConditionalEdgeDefinition,
} from './definition/definition.types';
export type {
  ActiveRunCounts,
  RegisteredSummary,
  StoredWorkflow,
  TemplateSummary,
  WorkflowKind,
  WorkflowSummary,
} from './runs/workflow.types';
export { WORKFLOW_KINDS } from './runs/workflow.types';
export { RiskLimitService } from './risk/risk-limit.service';
export { ApprovalExpiry } from './risk/approval-expiry';
export { RISK_METRICS } from './risk/risk.types';
export type { Breach, Exposure, RiskLimit, RiskLimitInput, RiskMetric } from './risk/risk.types';
export type { RiskApprovalRequest } from './risk/risk-approval.types';
export { HaltService } from './halt/halt.service';
export { HALT_SCOPES } from './halt/halt.types';
export type { Halt, HaltScope, HaltState } from './halt/halt.types';
export { WORKFLOW_TEMPLATES } from './templates';
export type { WorkflowTemplate } from './templates';
export { aggregateSignal, ACTION_THRESHOLD } from './templates/signal-aggregation';
export { rankSignals } from './templates/market-scan';
export { targetWeights, proposeTrades } from './templates/rebalance';
export { ThreadService } from './platform/thread.service';
export type { StateSnapshot } from './platform/thread.service';
export { AssistantService } from './platform/assistant.service';
export type { AssistantInput } from './platform/assistant.service';
export { PlatformRunService } from './platform/platform-run.service';
export type { PlatformRunRequest, Caller } from './platform/platform-run.service';
export { StoreService } from './platform/store.service';
export { CronService } from './platform/cron.service';
export type { CronInput } from './platform/cron.service';
export { RunStream, END_OF_ACTIVATION } from './platform/run-stream';
export { checkpointOf } from './platform/stream-run';
export { toWire } from './platform/wire';
export { THREAD_STATUSES, PLATFORM_RUN_STATUSES, MULTITASK_STRATEGIES, STREAM_MODES } from './platform/platform.types';
export type {
  Cron,
  Thread,
  ThreadStatus,
  Assistant,
  StoreItem,
  StreamChunk,
  PlatformRunStatus,
  MultitaskStrategy,
  StreamMode,
} from './platform/platform.types';
export type { PlatformKwargs } from './runs/run.types';
