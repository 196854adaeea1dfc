import { Global, Module } from '@nestjs/common';
import { AgentGateway, AgentsSettings, BaseConfig, PersistenceModule, WorkCoreModule } from '@app/infrastructure';
import { HanditModule } from '@app/handit';
import { AgentRegistry } from './agents/agent-registry.service';
import { AgentRepository } from './persistence/agent.repository';
import { AgentCoordinatorStatus } from './agent-coordinator.status';
import { BuiltinDispatcher } from './builtin/builtin-dispatcher';
import { MailboxAgentGateway } from './coordination/mailbox-agent-gateway.service';
import { CoordinationService } from './coordination/coordination.service';
import { RunRepository } from './persistence/run.repository';
import { AgentHealthService } from './health/agent-health.service';
import { AgentCoordinatorMetrics } from './agent-coordinator.metrics';
import { MailboxAccess } from './messages/mailbox-access.service';
import { MailboxLeasing } from './messages/mailbox-leasing.service';
import { MailboxQueue } from './messages/mailbox-queue';
import { MailboxReader } from './messages/mailbox-reader.service';
import { MailboxSender } from './messages/mailbox-sender.service';
import { MailboxSettlement } from './messages/mailbox-settlement.service';
import { MailboxService } from './messages/mailbox.service';
import { MailboxSignals } from './messages/mailbox-signals';
import { MailboxSweeper } from './messages/mailbox-sweeper';
import { MessageSweepRepository } from './persistence/message-sweep.repository';
import { MessageRepository } from './persistence/message.repository';
import { agentCoordinatorMigrations } from './persistence/migrations';

const repositories = [AgentRepository, MessageRepository, MessageSweepRepository, RunRepository];
/** MailboxService is the mailboxes' entry point; the others are its roles. */
const mailbox = [MailboxAccess, MailboxSender, MailboxLeasing, MailboxSettlement, MailboxReader, MailboxService];
const background = [BuiltinDispatcher, MailboxSweeper, MailboxQueue];

/**
 * Agents, mailboxes, health and coordination runs. Global so the AgentGateway it provides is
 * injectable by libs/langgraph without importing this library.
 */
@Global()
@Module({
  imports: [
    HanditModule,
    WorkCoreModule,
    PersistenceModule.forFeature({ namespace: 'agents', migrations: agentCoordinatorMigrations }),
  ],
  providers: [
    // The agents section of the configuration, injected where a service reads its settings.
    { provide: AgentsSettings, useFactory: (config: BaseConfig) => config.values.agents, inject: [BaseConfig] },
    ...repositories,
    MailboxSignals,
    AgentCoordinatorMetrics,
    AgentHealthService,
    AgentRegistry,
    ...mailbox,
    ...background,
    CoordinationService,
    AgentCoordinatorStatus,
    MailboxAgentGateway,
    { provide: AgentGateway, useExisting: MailboxAgentGateway },
  ],
  exports: [AgentRegistry, MailboxService, CoordinationService, AgentHealthService, MailboxSweeper, AgentGateway],
})
export class AgentCoordinatorModule {}
