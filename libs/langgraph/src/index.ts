/** Public face of @app/langgraph: durable multi-step workflows. */
import './events';
export { LanggraphModule } from './langgraph.module';
export { WorkflowService } from './runs/workflow.service';
export type { ExecuteRequest, CheckpointView } from './runs/workflow.service';
export { WorkflowCatalog } from './runs/workflow-catalog';
export { RUN_STATUSES, NODE_STATUSES, isFinalRun } from './runs/run.types';
export type { Run, RunNode, RunEvent, RunStatus, RunError, PendingInterrupt, ApprovalDecision, RunSource } from './runs/run.types';
export { NODE_KINDS } from './definition/definition.types';
export type { WorkflowDefinition, NodeDefinition, EdgeDefinition, ConditionalEdgeDefinition } from './definition/definition.types';
export type { StoredWorkflow } from './storage/workflow.repository';
export { WORKFLOW_TEMPLATES } from './templates';
export type { WorkflowTemplate } from './templates';
export { aggregateSignal, ACTION_THRESHOLD } from './templates/signal-aggregation';
export { rankSignals } from './templates/market-scan';
export { targetWeights, proposeTrades } from './templates/rebalance';
