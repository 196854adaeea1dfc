import { Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { BaseConfig, LettaSettings, PersistenceModule } from '@app/infrastructure';
import { ContextService } from './context/context.service';
import { EmbeddingsService } from './embeddings/embeddings.service';
import { LettaMetrics } from './letta.metrics';
import { LettaStatus } from './letta.status';
import { lettaMigrations } from './persistence/migrations';
import { RetentionRepository } from './persistence/retention.repository';
import { RetentionService } from './retention/retention.service';
import { RetentionSweeper } from './retention/retention.sweeper';
import { BlockService } from './blocks/block.service';
import { MemoryService } from './memories/memory.service';
import { SearchService } from './search/search.service';
import { SessionService } from './sessions/session.service';
import { TransferService } from './transfer/transfer.service';
import { BlockRepository } from './persistence/block.repository';
import { MemoryRepository } from './persistence/memory.repository';
import { SessionRepository } from './persistence/session.repository';
import { MemorySearchRepository } from './persistence/memory-search.repository';
import { EmbeddingRepository } from './persistence/embedding.repository';
import { MemoryExportRepository } from './persistence/memory-export.repository';

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
    MemorySearchRepository,
    EmbeddingRepository,
    MemoryExportRepository,
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
