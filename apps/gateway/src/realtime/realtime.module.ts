import { Module } from '@nestjs/common';
import { AgentCoordinatorModule } from '@app/agent-coordinator';
import { HanditModule } from '@app/handit';
import { LanggraphModule } from '@app/langgraph';
import { BusEvents } from './bus-events';
import { EventsGateway } from './events.gateway';

/** The WebSocket endpoint /ws (included when WS_ENABLED; main.ts installs the ws adapter then). */
@Module({
  imports: [HanditModule, LanggraphModule, AgentCoordinatorModule],
  providers: [BusEvents, EventsGateway],
})
export class RealtimeModule {}
