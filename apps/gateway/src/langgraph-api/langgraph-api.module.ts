import { Module } from '@nestjs/common';
import { LanggraphModule } from '@app/langgraph';
import { TaskSchedulerModule } from '@app/task-scheduler';
import { WebhooksApiModule } from '../webhooks/webhooks-api.module';
import { AssistantsController } from './assistants.controller';
import { CronsController } from './crons.controller';
import { LanggraphCrons } from './langgraph-crons';
import { PlatformRunRoutes } from './platform-run-routes';
import { PlatformRunWebhooks } from './platform-run-webhooks';
import { StatelessRunsController } from './stateless-runs.controller';
import { StoreController } from './store.controller';
import { ThreadRunsController } from './thread-runs.controller';
import { ThreadsController } from './threads.controller';

/**
 * /api/v1/langgraph: the LangGraph Platform API, wire-compatible with @langchain/langgraph-sdk,
 * over the same libs/langgraph runs, threads and checkpoints as /api/v1/orchestration.
 */
@Module({
  imports: [LanggraphModule, TaskSchedulerModule, WebhooksApiModule],
  controllers: [
    AssistantsController,
    ThreadsController,
    ThreadRunsController,
    StatelessRunsController,
    StoreController,
    CronsController,
  ],
  providers: [LanggraphCrons, PlatformRunWebhooks, PlatformRunRoutes],
})
export class LanggraphApiModule {}
