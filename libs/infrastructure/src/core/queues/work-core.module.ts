import { Global, Module } from '@nestjs/common';
import { PersistenceModule } from '../../persistence/persistence.module';
import { Clock } from '../jobs/clock';
import { ConcurrencyBudget } from './concurrency-budget';
import { queueMigrations, QUEUES_NAMESPACE } from '../../persistence/migrations';
import { QueuePauseRepository } from '../../persistence/queue-pause.repository';

/**
 * One ConcurrencyBudget, one Clock and one store of queue pauses for the whole app. Global and
 * static, so every library that imports it (scheduler, monitoring, handit, agents) shares them.
 */
@Global()
@Module({
  imports: [PersistenceModule.forFeature({ namespace: QUEUES_NAMESPACE, migrations: queueMigrations })],
  providers: [ConcurrencyBudget, Clock, QueuePauseRepository],
  exports: [ConcurrencyBudget, Clock, QueuePauseRepository],
})
export class WorkCoreModule {}
