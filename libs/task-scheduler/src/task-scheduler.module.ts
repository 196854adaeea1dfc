import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import {
  ContainerCore,
  PersistenceModule,
  QUEUES_NAMESPACE,
  ValidationCore,
  WorkCoreModule,
} from '@app/infrastructure';
import { MarketCalendarsModule } from '@app/market-calendars';
import { RunExecutor } from './engine/run-executor';
import { ScheduleFiring } from './engine/schedule-firing';
import { SchedulerEngine } from './engine/scheduler-engine';
import { HeartbeatJob, PruneRunsJob } from './jobs/builtin-jobs';
import { JobRegistry } from './jobs/job-registry';
import { schedulerMigrations } from './persistence/migrations';
import { RunRepository } from './persistence/run.repository';
import { ScheduleRepository } from './persistence/schedule.repository';
import { QueueManager } from './queues/queue-manager';
import { SchedulerQueue } from './queues/scheduler-queue';
import { RunService } from './schedules/run.service';
import { ScheduleService } from './schedules/schedule.service';
import { TaskSchedulerMetrics } from './task-scheduler.metrics';
import { TaskSchedulerStatus } from './task-scheduler.status';

const repositories = [ScheduleRepository, RunRepository];
const engine = [JobRegistry, ScheduleFiring, RunExecutor, SchedulerEngine];
const services = [SchedulerQueue, QueueManager, ScheduleService, RunService];
const jobs = [HeartbeatJob, PruneRunsJob];

/**
 * Schedules (cron, interval, one-off, market triggers), durable runs with retries and a dead-letter
 * list, and management of every queue in the service. Depends on @app/infrastructure and
 * @app/market-calendars only: jobs and queues of other libraries are discovered by their decorators.
 */
@Module({
  imports: [
    DiscoveryModule,
    WorkCoreModule,
    MarketCalendarsModule,
    // 0003 moves the stored queue pause into the shared pause store.
    PersistenceModule.forFeature({
      namespace: 'scheduler',
      migrations: schedulerMigrations,
      dependsOn: [QUEUES_NAMESPACE],
    }),
  ],
  providers: [
    // Local instances so the scheduler works whatever the optional-layer toggles say; both are stateless.
    ContainerCore,
    ValidationCore,
    ...repositories,
    ...engine,
    ...services,
    ...jobs,
    TaskSchedulerStatus,
    TaskSchedulerMetrics,
  ],
  exports: [ScheduleService, RunService, QueueManager, JobRegistry, SchedulerEngine],
})
export class TaskSchedulerModule {}
