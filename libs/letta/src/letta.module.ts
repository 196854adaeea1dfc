import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BaseConfig, LettaSettings, PersistenceModule } from '@app/infrastructure';
import { ContextService } from './context/context.service';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { LettaMetrics } from './letta.metrics';
import { LettaStatus } from './letta.status';
import { lettaMigrations } from './migrations';
import { RetentionRepository } from './retention/retention.repository';
import { RetentionService } from './retention/retention.service';
import { RetentionSweeper } from './retention/retention.sweeper';
import { BlockService } from './services/block.service';
import { MemoryService } from './services/memory.service';
import { SearchService } from './services/search.service';
import { SessionService } from './services/session.service';
import { TransferService } from './services/transfer.service';
import { BlockRepository } from './storage/block.repository';
import { MemoryRepository } from './storage/memory.repository';
import { SessionRepository } from './storage/session.repository';

const services = [
  MemoryService,
  BlockService,
  SessionService,
  SearchService,
  ContextService,
  TransferService,
  RetentionService,
];

/**
 * Agent memory: archival memories with ranked search, core blocks, sessions, context assembly
 * and retention. Needs InfrastructureModule and PersistenceModule.forRoot in the application.
 */
@Module({
  imports: [
    PersistenceModule.forFeature({ namespace: 'letta', migrations: lettaMigrations }),
    ScheduleModule.forRoot(),
  ],
  providers: [
    {
      provide: LettaSettings,
      useFactory: (config: BaseConfig) => config.values.aiComponents.letta,
      inject: [BaseConfig],
    },
    MemoryRepository,
    BlockRepository,
    SessionRepository,
    RetentionRepository,
    EmbeddingsService,
    LettaMetrics,
    LettaStatus,
    RetentionSweeper,
    ...services,
  ],
  exports: [LettaSettings, ...services],
})
export class LettaModule {}
