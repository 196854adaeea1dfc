import { Module } from '@nestjs/common';
import { LanggraphModule } from '@app/langgraph';
import { AssistantsController } from './assistants.controller';
import { StatelessRunsController } from './stateless-runs.controller';
import { StoreController } from './store.controller';
import { ThreadRunsController } from './thread-runs.controller';
import { ThreadsController } from './threads.controller';

/**
 * /api/v1/langgraph: the LangGraph Platform API, wire-compatible with @langchain/langgraph-sdk,
 * over the same libs/langgraph runs, threads and checkpoints as /api/v1/orchestration.
 */
@Module({
  imports: [LanggraphModule],
  controllers: [
    AssistantsController,
    ThreadsController,
    ThreadRunsController,
    StatelessRunsController,
    StoreController,
  ],
})
export class LanggraphApiModule {}
