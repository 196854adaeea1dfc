import { Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { BaseConfig, EventCore, WorkFailedEvent } from '@app/infrastructure';
import { RingBuffer } from '@app/infrastructure';

/** The latest failed work items of any queue (from `work.failed` events), newest last. */
@Injectable()
export class RecentFailures implements OnModuleInit, OnModuleDestroy {
  private readonly ring: RingBuffer<WorkFailedEvent>;
  private unsubscribe: (() => void) | null = null;

  constructor(config: BaseConfig, @Optional() private readonly events?: EventCore) {
    this.ring = new RingBuffer(config.values.monitoring.recentFailures);
  }

  onModuleInit(): void {
    this.unsubscribe = this.events?.on('work.failed', (event) => this.ring.push(event)) ?? null;
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  list(): WorkFailedEvent[] {
    return this.ring.toArray().reverse();
  }
}
