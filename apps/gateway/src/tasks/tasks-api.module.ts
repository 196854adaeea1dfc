import { Module } from '@nestjs/common';
import { HanditModule } from '@app/handit';
import { DataPolicyController } from './data-policy.controller';
import { ModelsController } from './models.controller';
import { TaskLineageController } from './task-lineage.controller';
import { TasksController } from './tasks.controller';
import { WebhooksApiModule } from '../webhooks/webhooks-api.module';

/** /api/v1/ai-orchestration: tasks and their lineage, models, capabilities, the tenant's data policy. */
@Module({
  imports: [HanditModule, WebhooksApiModule],
  controllers: [TasksController, TaskLineageController, ModelsController, DataPolicyController],
})
export class TasksApiModule {}
