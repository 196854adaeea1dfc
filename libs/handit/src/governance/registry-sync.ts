import { Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { BaseConfig, BaseLogger, throttledErrorLog } from '@app/infrastructure';
import { ModelRegistry } from '../models/model-registry';
import { ModelRegistryRepository } from '../persistence/model-registry.repository';
import { RoutingTable } from './routing-table';
import { VersionFactory } from './version-factory';

/**
 * Keeps the in-memory routing table in step with the stored registry. Loaded before the runner
 * starts; after a change through this replica, reloaded at once; in distributed mode every
 * replica also reads the registry's one-row revision every `refreshIntervalMs` and reloads when
 * it moved, so a change through another replica applies here within that interval. Tasks never
 * read the registry themselves.
 */
@Injectable()
export class RegistrySync implements OnModuleInit, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private loading?: Promise<void>;
  private readonly intervalMs: number;
  private readonly distributed: boolean;
  private readonly logFailure: (err: Error) => void;

  constructor(
    config: BaseConfig,
    logger: BaseLogger,
    private readonly registry: ModelRegistry,
    private readonly repository: ModelRegistryRepository,
    private readonly factory: VersionFactory,
  ) {
    this.intervalMs = config.values.aiComponents.handit.governance.refreshIntervalMs;
    this.distributed = config.mode === 'distributed';
    this.logFailure = throttledErrorLog(logger.child({ component: 'handit' }), 'handit-registry-sync', {
      message: 'Model registry not refreshed; routing goes on with the table it has',
    });
  }

  async onModuleInit(): Promise<void> {
    await this.reload();
    if (this.distributed) this.timer = setInterval(() => void this.poll(), this.intervalMs).unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Reads the whole registry and swaps the table; concurrent calls share one read. */
  reload(): Promise<void> {
    this.loading ??= (async () => {
      try {
        const contents = await this.repository.load((id) => this.registry.isBuiltIn(id));
        this.registry.install(
          RoutingTable.build(this.registry.builtIns, contents, (v, o) => this.factory.create(v, o)),
        );
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private async poll(): Promise<void> {
    try {
      if ((await this.repository.revision()) !== this.registry.revision) await this.reload();
    } catch (err) {
      this.logFailure(err as Error);
    }
  }
}
