/** Public face of @app/handit: AI tasks on specialist models. */
export { HanditModule } from './handit.module';
export { TaskService } from './tasks/task.service';
export type { CreateTaskRequest, CreateTaskResult } from './tasks/task.service';
export type { TaskListQuery } from './tasks/task.repository';
export { PRIORITIES, TASK_STATUSES, isFinal } from './tasks/task.types';
export type { Priority, Task, TaskStatus, TaskType, TaskOptions, TaskError, TokenUsage } from './tasks/task.types';
export { ModelRegistry } from './models/model-registry';
export type { ModelDescriptor, SpecialistModel, ModelInvocation, ModelOutput } from './models/specialist-model';
export { SPECIALIST_MODELS } from './models/specialist-model';
export { ASSET_CLASS_CALENDARS, assetClassTradingHours } from './models/asset-class-hours';
export type { TradingHours } from './models/asset-class-hours';
export { TaskRunner } from './execution/task-runner';
export type { TaskStatusEvent } from './execution/task-events';
export { TASK_TYPE_CATALOG } from './tasks/task-catalog';
export type { TaskTypeDescription } from './tasks/task-catalog';
export * as quant from './quant';
