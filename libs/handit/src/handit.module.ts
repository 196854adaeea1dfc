import { Module, type Provider } from '@nestjs/common';
import {
  BaseConfig,
  BaseLogger,
  HanditSettings,
  PersistenceModule,
  ProviderBreakers,
  WorkCoreModule,
} from '@app/infrastructure';
import { MarketCalendarsModule } from '@app/market-calendars';
import { DataPolicyService } from './data-quality/data-policy.service';
import { DataQualityService } from './data-quality/data-quality.service';
import { AttemptExecutor } from './execution/attempt-executor';
import { PiscinaQuantExecutor } from './execution/piscina-quant-executor';
import { QuantExecutor } from './execution/quant-executor';
import { ResultCache } from './execution/result-cache';
import { PendingInputs } from './execution/pending-inputs';
import { RunnerState } from './execution/runner-state';
import { TaskEvents } from './execution/task-events';
import { TaskProgressReporting } from './progress/task-progress';
import { TaskOutcomes } from './execution/task-outcomes';
import { TaskRetention } from './execution/task-retention';
import { TaskRunner } from './execution/task-runner';
import { ModelGenerations } from './generations/model-generations';
import { HanditMetrics } from './handit.metrics';
import { HanditStatus } from './handit.status';
import { TaskLineageService } from './lineage/task-lineage.service';
import { LlmAnalystModel } from './models/llm-analyst.model';
import { ModelRegistry } from './models/model-registry';
import { PromptResolvers } from './models/prompt-resolver';
import { QuantSpecialistModel } from './models/quant-model';
import { QUANT_MODEL_SPECS } from './models/quant-model-specs';
import { SPECIALIST_MODELS, SpecialistModel } from './models/specialist-model';
import { DataPolicyRepository } from './persistence/data-policy.repository';
import { handitMigrations } from './persistence/migrations';
import { TaskLineageRepository } from './persistence/task-lineage.repository';
import { TaskQueueRepository } from './persistence/task-queue.repository';
import { TaskRepository } from './persistence/task.repository';
import { BullmqTaskQueue } from './queue/distributed/bullmq-task-queue';
import { DistributedFeed } from './queue/distributed/distributed-feed';
import { TaskBus } from './queue/distributed/task-bus';
import { InProcessPriorityQueue } from './queue/in-process-priority-queue';
import { ManagedTaskQueue } from './queue/managed-task-queue';
import { TaskQueue } from './queue/task-queue';
import { SubmitTaskJob } from './tasks/submit-task.job';
import { isProviderFault } from './governance/provider-call';
import { ModelGovernanceService } from './governance/model-governance.service';
import { RegistrySync } from './governance/registry-sync';
import { VersionFactory } from './governance/version-factory';
import { ModelRegistryRepository } from './persistence/model-registry.repository';
import { ShadowRunRepository } from './persistence/shadow-run.repository';
import { ModelComparisonService } from './shadow/model-comparison.service';
import { ShadowRunner } from './shadow/shadow-runner';
import { TaskService } from './tasks/task.service';

/** The handit section of the configuration, injected where a service used to copy it in its constructor. */
const handitSettings: Provider = {
  provide: HanditSettings,
  useFactory: (config: BaseConfig) => config.values.aiComponents.handit,
  inject: [BaseConfig],
};

/** Quant engines on `workerThreads` worker threads (0: inline, tests only). */
const quantExecutor: Provider = {
  provide: QuantExecutor,
  useFactory: (settings: HanditSettings) => new PiscinaQuantExecutor(settings.workerThreads),
  inject: [HanditSettings],
};

/** Every specialist model: one per quant spec, and the LLM analyst. A new model is one entry here. */
const specialistModels: Provider = {
  provide: SPECIALIST_MODELS,
  useFactory: (
    settings: HanditSettings,
    executor: QuantExecutor,
    breakers: ProviderBreakers,
    prompts: PromptResolvers,
  ): SpecialistModel[] => [
    ...QUANT_MODEL_SPECS.map((spec) => new QuantSpecialistModel(spec, executor)),
    new LlmAnalystModel(settings.llm, breakers.get('llm', isProviderFault), prompts),
  ],
  inject: [HanditSettings, QuantExecutor, ProviderBreakers, PromptResolvers],
};

// Distributed mode only (DATABASE_URL and REDIS_URL both set); null in the embedded mode, where
// the in-process queue and local events serve.
const bullmqTaskQueue: Provider = {
  provide: BullmqTaskQueue,
  useFactory: (config: BaseConfig, logger: BaseLogger) =>
    config.mode === 'distributed'
      ? new BullmqTaskQueue({
          url: config.values.redis.url,
          prefix: config.values.redis.bullmqPrefix,
          concurrency: config.values.aiComponents.handit.concurrency,
          lockDurationMs: config.values.aiComponents.handit.lockDurationMs,
          logger: logger.child({ component: 'handit' }),
        })
      : null,
  inject: [BaseConfig, BaseLogger],
};

const taskBus: Provider = {
  provide: TaskBus,
  useFactory: (config: BaseConfig, logger: BaseLogger) =>
    config.mode === 'distributed'
      ? new TaskBus(config.values.redis.url, config.values.redis.bullmqPrefix, logger.child({ component: 'handit' }))
      : null,
  inject: [BaseConfig, BaseLogger],
};

const taskQueue: Provider = {
  provide: TaskQueue,
  useFactory: (settings: HanditSettings) => new InProcessPriorityQueue(settings.agingIntervalMs),
  inject: [HanditSettings],
};

const repositories = [
  TaskRepository,
  TaskQueueRepository,
  DataPolicyRepository,
  TaskLineageRepository,
  ModelRegistryRepository,
  ShadowRunRepository,
];
/** Model versions, routing rules and shadow runs around the registry. */
const governance = [VersionFactory, RegistrySync, ModelGovernanceService, ShadowRunner, ModelComparisonService];
/** The runner's parts: state, attempts, cache, outcomes, retention and the two feeds. */
const execution = [
  RunnerState,
  PendingInputs,
  ResultCache,
  ModelGenerations,
  TaskOutcomes,
  TaskProgressReporting,
  TaskRetention,
  AttemptExecutor,
  DistributedFeed,
  TaskRunner,
  ManagedTaskQueue,
];
const services = [ModelRegistry, TaskService, DataPolicyService, DataQualityService, TaskLineageService, SubmitTaskJob];

/**
 * AI task execution: the specialist model registry, the durable priority queue, the runner and
 * the result cache; candle data checks under each tenant's data policy, and every task's lineage.
 * A new model is one class implementing SpecialistModel added to `specialistModels` above.
 */
@Module({
  imports: [
    WorkCoreModule,
    MarketCalendarsModule,
    PersistenceModule.forFeature({ namespace: 'handit', migrations: handitMigrations }),
  ],
  providers: [
    handitSettings,
    quantExecutor,
    PromptResolvers,
    specialistModels,
    bullmqTaskQueue,
    taskBus,
    taskQueue,
    ...repositories,
    TaskEvents,
    HanditMetrics,
    HanditStatus,
    ...execution,
    ...services,
    ...governance,
  ],
  exports: [
    ModelRegistry,
    PromptResolvers,
    TaskService,
    TaskRunner,
    QuantExecutor,
    DataPolicyService,
    TaskLineageService,
    ModelGovernanceService,
    ModelComparisonService,
  ],
})
export class HanditModule {}
