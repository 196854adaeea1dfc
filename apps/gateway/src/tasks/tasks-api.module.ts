import { Module } from '@nestjs/common';
import { HanditModule } from '@app/handit';
import { ModelsController } from './models.controller';
import { TasksController } from './tasks.controller';

/** /api/v1/ai-orchestration: tasks, models, capabilities. */
@Module({
  imports: [HanditModule],
  controllers: [TasksController, ModelsController],
})
export class TasksApiModule {}
