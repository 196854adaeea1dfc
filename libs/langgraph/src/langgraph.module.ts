import { ReplayService } from './replay/replay.service';
import { Module } from '@nestjs/common';
import { BaseConfig, BaseLogger, Database, PersistenceModule } from '@app/infrastructure';
import { HanditModule } from '@app/handit';
import { LettaModule } from '@app/letta';
import './events';
import { WorkflowCheckpointer } from './checkpoint/workflow-checkpointer';
import { AgentExecutor } from './graph/executors/agent.executor';
import { MemoryExecutor } from './graph/executors/memory.executor';
import { RiskGateExecutor } from './graph/executors/risk-gate.executor';
import { HaltGuard } from './halt/halt-guard';
import { HaltService } from './halt/halt.service';
import { TaskExecutor } from './graph/executors/task.executor';
import { NodeRuntime } from './graph/node-runtime';
import { LanggraphMetrics } from './langgraph.metrics';
import { LanggraphStatus } from './langgraph.status';
import { ApprovalExpiry } from './risk/approval-expiry';
import { RiskLimitService } from './risk/risk-limit.service';
import { RunEvents } from './runs/run-events';
import { RunExecutor } from './runs/run-executor';
import { RunRetention } from './runs/run-retention';
import { RunStops } from './runs/run-stops';
import { StartRunJob } from './runs/start-run.job';
import { WorkflowCatalog } from './runs/workflow-catalog';
import { WorkflowService } from './runs/workflow.service';
import { langgraphMigrations } from './persistence/migrations';
import { HaltRepository } from './persistence/halt.repository';
import { RiskApprovalRepository } from './persistence/risk-approval.repository';
import { RiskLimitRepository } from './persistence/risk-limit.repository';
import { RunEventRepository } from './persistence/run-event.repository';
import { RunNodeRepository } from './persistence/run-node.repository';
import { RunRepository } from './persistence/run.repository';
import { WorkflowRepository } from './persistence/workflow.repository';
import { AssistantRepository } from './persistence/assistant.repository';
import { StoreItemRepository } from './persistence/store-item.repository';
import { StreamEventRepository } from './persistence/stream-event.repository';
import { ThreadRepository } from './persistence/thread.repository';
import { AssistantService } from './platform/assistant.service';
import { CronRunJob } from './platform/cron-run.job';
import { CronService } from './platform/cron.service';
import { CronRepository } from './persistence/cron.repository';
import { PlatformGraphs } from './platform/platform-graphs';
import { PlatformRunService } from './platform/platform-run.service';
import { RunStream } from './platform/run-stream';
import { StoreService } from './platform/store.service';
import { TenantStores } from './platform/tenant-store';
import { ThreadStatusSync } from './platform/thread-status';
import { ThreadService } from './platform/thread.service';

const openCheckpointer = (database: Database, config: BaseConfig, logger: BaseLogger) =>
  WorkflowCheckpointer.open(database, config, logger);

const repositories = [
  WorkflowRepository,
  RunRepository,
  RunNodeRepository,
  RunEventRepository,
  RiskLimitRepository,
  RiskApprovalRepository,
  HaltRepository,
  ThreadRepository,
  AssistantRepository,
  StoreItemRepository,
  StreamEventRepository,
  CronRepository,
];
/** What runs a node: the shared runtime (events, timeouts, halts) and one executor per node kind. */
const nodeExecutors = [NodeRuntime, TaskExecutor, MemoryExecutor, AgentExecutor, RiskGateExecutor];
const services = [
  RunEvents,
  RunStops,
  RiskLimitService,
  HaltGuard,
  HaltService,
  ApprovalExpiry,
  WorkflowCatalog,
  RunExecutor,
  RunRetention,
  WorkflowService,
  ReplayService,
  StartRunJob,
];
/** The LangGraph Platform surface over the same runs, threads and checkpoints. */
const platform = [
  RunStream,
  TenantStores,
  ThreadStatusSync,
  PlatformGraphs,
  ThreadService,
  AssistantService,
  PlatformRunService,
  StoreService,
  CronService,
  CronRunJob,
];
const platformApi = [ThreadService, AssistantService, PlatformRunService, StoreService, CronService, RunStream];

/**
 * Workflows on LangGraph: shipped templates, registered definitions, durable runs with
 * checkpoints (SqliteSaver / PostgresSaver), human approval, recovery at start-up, risk gates on
 * per-tenant and per-desk limits, and the kill switches. Nodes do their work through Handit
 * (tasks), Letta (memory) and the AgentGateway contract (agents).
 */
@Module({
  imports: [
    HanditModule,
    LettaModule,
    PersistenceModule.forFeature({ namespace: 'langgraph', migrations: langgraphMigrations }),
  ],
  providers: [
    { provide: WorkflowCheckpointer, useFactory: openCheckpointer, inject: [Database, BaseConfig, BaseLogger] },
    LanggraphMetrics,
    LanggraphStatus,
    ...repositories,
    ...nodeExecutors,
    ...services,
    ...platform,
  ],
  exports: [WorkflowService, WorkflowCatalog, RiskLimitService, HaltService, ReplayService, ...platformApi],
})
export class LanggraphModule {}
