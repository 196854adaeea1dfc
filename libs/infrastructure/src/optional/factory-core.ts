import { Injectable } from '@nestjs/common';
import { BaseConfig } from '../base/base-config';

export type BackendKind = 'embedded' | 'distributed';

/**
 * Picks a backend implementation from configuration once, in a provider factory:
 *   { provide: TaskQueue, useFactory: (f: FactoryCore) => f.select({ embedded: () => …, distributed: () => … }) }
 * Distributed backends are chosen only when both DATABASE_URL and REDIS_URL are set.
 */
@Injectable()
export class FactoryCore {
  constructor(private readonly config: BaseConfig) {}

  get kind(): BackendKind {
    return this.config.mode;
  }

  select<T>(choices: Record<BackendKind, () => T>): T {
    return choices[this.kind]();
  }
}
