import { Injectable, OnModuleDestroy, OnModuleInit, Optional } from '@nestjs/common';
import { BaseConfig, EventCore, isSystemAdmin, type Principal, WorkFailedEvent } from '@app/infrastructure';
import { RingBuffer } from '@app/infrastructure';

/**
 * The latest failed work items of any queue (from `work.failed` events). A tenant sees its own
 * work's failures; failures without a tenant (system work) are the system admin's, who sees all.
 */
@Injectable()
export class RecentFailures implements OnModuleInit, OnModuleDestroy {
  private readonly ring: RingBuffer<WorkFailedEvent>;
  private unsubscribe: (() => void) | null = null;

  constructor(
    config: BaseConfig,
    @Optional() private readonly events?: EventCore,
  ) {
    this.ring = new RingBuffer(config.values.monitoring.recentFailures);
  }

  onModuleInit(): void {
    this.unsubscribe = this.events?.on('work.failed', (event) => this.ring.push(event)) ?? null;
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** Every recorded failure, newest first. */
  list(): WorkFailedEvent[] {
    return this.ring.toArray().reverse();
  }

  /** The failures `caller` may see, newest first. */
  visibleTo(caller: Principal): WorkFailedEvent[] {
    const all = this.list();
    return isSystemAdmin(caller) ? all : all.filter((f) => f.tenant === caller.tenant);
  }
}
