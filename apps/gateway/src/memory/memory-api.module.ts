import { Module } from '@nestjs/common';
import { LettaModule } from '@app/letta';
import { AgentMemoryController } from './agent-memory.controller';
import { BlocksController } from './blocks.controller';
import { MemoriesController } from './memories.controller';
import { SessionsController } from './sessions.controller';
import { LettaEnabledGuard } from './letta-enabled.guard';

/** HTTP layer of agent memory: /api/v1/memory/… over @app/letta. */
@Module({
  imports: [LettaModule],
  controllers: [MemoriesController, BlocksController, SessionsController, AgentMemoryController],
  providers: [LettaEnabledGuard],
})
export class MemoryApiModule {}
