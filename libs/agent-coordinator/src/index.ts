/** Public face of @app/agent-coordinator: agents, mailboxes, health and coordination runs. */
export { AgentCoordinatorModule } from './agent-coordinator.module';
export { AgentRegistry } from './agents/agent-registry.service';
export type { AgentView } from './agents/agent-registry.service';
export { AGENT_KINDS, AGENT_STATUSES, BUILTIN_TENANT } from './agents/agent.types';
export type { AgentKind, AgentStatus, AgentRecord, AgentListQuery } from './agents/agent.types';
export { MailboxService } from './messages/mailbox.service';
export { MailboxSweeper } from './messages/mailbox-sweeper';
export type { SweepResult } from './messages/mailbox-sweeper';
export type { AckFailure, AckManyResult, AckRequest } from './messages/mailbox-settlement.service';
export { MESSAGE_STATUSES, DEAD_REASONS } from './messages/message.types';
export type {
  AgentMessage,
  MessageStatus,
  DeadReason,
  MessageTarget,
  MessageError,
  SendResult,
} from './messages/message.types';
export { AgentHealthService } from './health/agent-health.service';
export type { HealthView, AgentMetricsView } from './health/agent-health.service';
export { BREAKER_STATES } from './health/agent-breaker';
export type { BreakerView, BreakerState } from './health/agent-breaker';
export { CoordinationService } from './coordination/coordination.service';
export { STRATEGIES, RUN_STATUSES, STEP_STATUSES } from './coordination/run.types';
export type { CoordinationRun, RunSelection, RunStatus, RunStep, Strategy } from './coordination/run.types';
export type { ConsensusResult } from './coordination/consensus-vote';
