import { Injectable } from '@nestjs/common';
import { LanggraphMetrics } from '../langgraph.metrics';
import { HaltRepository } from '../persistence/halt.repository';
import type { Halt, HaltInterrupt } from './halt.types';

/**
 * Whether a kill switch holds a tenant's workflow runs (its own, or the global one), read from the
 * database each time so a halt through any replica holds on all of them. Every node asks before it
 * starts; the answer also refreshes the `orchestration_halted` gauge.
 */
@Injectable()
export class HaltGuard {
  constructor(
    private readonly halts: HaltRepository,
    private readonly metrics: LanggraphMetrics,
  ) {}

  /** The halt holding `tenant` (the global one first), or null. */
  async holding(tenant: string): Promise<Halt | null> {
    const halts = await this.halts.holding(tenant);
    const global = halts.find((h) => h.scope === 'global') ?? null;
    const own = halts.find((h) => h.scope === 'tenant') ?? null;
    this.metrics.halted.set({ scope: 'global', tenant: '' }, global ? 1 : 0);
    this.metrics.halted.set({ scope: 'tenant', tenant }, own ? 1 : 0);
    return global ?? own;
  }

  /** What a run held by `halt` shows as its interrupt. */
  static interruptOf(halt: Halt): HaltInterrupt {
    return {
      kind: 'halt',
      scope: halt.scope,
      reason: halt.reason,
      haltedAt: halt.haltedAt.toISOString(),
      haltedBy: halt.haltedBy,
    };
  }

  /** `trading is halted for tenant desk-eq since …: <reason>`. */
  static describe(halt: Halt): string {
    const whose = halt.scope === 'global' ? 'for every tenant (global kill switch)' : `for tenant ${halt.tenant}`;
    return `Trading workflows are halted ${whose} since ${halt.haltedAt.toISOString()}: ${halt.reason}`;
  }
}
