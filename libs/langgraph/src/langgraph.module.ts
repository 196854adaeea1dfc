import { Module } from '@nestjs/common';
import { BaseConfig, BaseLogger, Database, PersistenceModule } from '@app/infrastructure';
import { HanditModule } from '@app/handit';
import { LettaModule } from '@app/letta';
import './events';
import { WorkflowCheckpointer } from './checkpoint/workflow-checkpointer';
import { AgentExecutor } from './graph/executors/agent.executor';
import { MemoryExecutor } from './graph/executors/memory.executor';
import { TaskExecutor } from './graph/executors/task.executor';
import { NodeRuntime } from './graph/node-runtime';
import { LanggraphMetrics } from './langgraph.metrics';
import { LanggraphStatus } from './langgraph.status';
import { RunEvents } from './runs/run-events';
import { RunExecutor } from './runs/run-executor';
import { RunStops } from './runs/run-stops';
import { StartRunJob } from './runs/start-run.job';
import { WorkflowCatalog } from './runs/workflow-catalog';
import { WorkflowService } from './runs/workflow.service';
import { LANGGRAPH_MIGRATIONS } from './storage/migrations';
import { RunRepository } from './storage/run.repository';
import { WorkflowRepository } from './storage/workflow.repository';

const openCheckpointer = (database: Database, config: BaseConfig, logger: BaseLogger) =>
  WorkflowCheckpointer.open(database, config, logger);

/**
 * Workflows on LangGraph: shipped templates, registered definitions, durable runs with
 * checkpoints (SqliteSaver / PostgresSaver), human approval, recovery at start-up. Nodes do their
 * work through Handit (tasks), Letta (memory) and the AgentGateway contract (agents).
 */
@Module({
  imports: [HanditModule, LettaModule, PersistenceModule.forFeature({ namespace: 'langgraph', migrations: LANGGRAPH_MIGRATIONS })],
  providers: [
    { provide: WorkflowCheckpointer, useFactory: openCheckpointer, inject: [Database, BaseConfig, BaseLogger] },
    LanggraphMetrics,
    WorkflowRepository,
    RunRepository,
    RunEvents,
    RunStops,
    NodeRuntime,
    TaskExecutor,
    MemoryExecutor,
    AgentExecutor,
    WorkflowCatalog,
    RunExecutor,
    WorkflowService,
    StartRunJob,
    LanggraphStatus,
  ],
  exports: [WorkflowService, WorkflowCatalog],
})
export class LanggraphModule {}
