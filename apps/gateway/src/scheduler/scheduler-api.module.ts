import { Module } from '@nestjs/common';
import { TaskSchedulerModule } from '@app/task-scheduler';
import { QueuesController } from './queues.controller';
import { RunsController } from './runs.controller';
import { SchedulesController } from './schedules.controller';

/** HTTP routes of the scheduler under /api/v1/scheduler. */
@Module({
  imports: [TaskSchedulerModule],
  controllers: [SchedulesController, RunsController, QueuesController],
})
export class SchedulerApiModule {}
