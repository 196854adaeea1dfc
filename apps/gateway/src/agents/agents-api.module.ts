import { Module } from '@nestjs/common';
import { AgentCoordinatorModule } from '@app/agent-coordinator';
import { AgentMailboxController } from './agent-mailbox.controller';
import { AgentsController } from './agents.controller';
import { CoordinationController } from './coordination.controller';
import { MessagesController } from './messages.controller';

/** /api/v1/agents and /api/v1/coordination. MessagesController first: its static paths win over `:id`. */
@Module({
  imports: [AgentCoordinatorModule],
  controllers: [MessagesController, AgentMailboxController, AgentsController, CoordinationController],
})
export class AgentsApiModule {}
