import { Injectable } from '@nestjs/common';
import {
  BaseCache,
  HanditSettings,
  ContributesStatus,
  type ComponentStatus,
  type StatusContributor,
} from '@app/infrastructure';
import { RunnerState } from './execution/runner-state';
import { TaskRunner } from './execution/task-runner';
import { ModelRegistry } from './models/model-registry';
import { DistributedFeed } from './queue/distributed/distributed-feed';
import { ShadowRunner } from './shadow/shadow-runner';

/** /status: the queue in use, what is waiting and running, the pause, the models and the result cache. */
@Injectable()
@ContributesStatus('handit')
export class HanditStatus implements StatusContributor {
  constructor(
    private readonly settings: HanditSettings,
    private readonly runner: TaskRunner,
    private readonly state: RunnerState,
    private readonly distributed: DistributedFeed,
    private readonly models: ModelRegistry,
    private readonly cache: BaseCache,
    private readonly shadows: ShadowRunner,
  ) {}

  componentStatus(): ComponentStatus {
    const models = this.models.list();
    const distributed = this.distributed.enabled;
    return {
      // A paused queue accepts tasks but runs none.
      state: this.state.paused ? 'degraded' : 'up',
      details: {
        queue: distributed ? 'bullmq' : 'in-process',
        role: distributed ? this.distributed.replicaRole : 'all',
        executes: distributed ? this.distributed.executes : true,
        queued: this.runner.depth,
        running: this.state.running.size,
        paused: this.state.paused,
        concurrency: this.settings.concurrency,
        models: models.length,
        modelsAvailable: models.filter((m) => m.status === 'available').length,
        cache: this.cache.stats(),
        // The routing table in use: the registry revision it was built from, and shadow work waiting.
        registryRevision: this.models.revision,
        shadowRunsWaiting: this.shadows.waiting,
      },
    };
  }
}
