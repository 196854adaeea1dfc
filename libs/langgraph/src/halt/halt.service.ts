import { Injectable, OnApplicationBootstrap, Optional } from '@nestjs/common';
import { AppError, Clock, EventCore, isSystemAdmin, type Principal } from '@app/infrastructure';
import { LanggraphMetrics } from '../langgraph.metrics';
import { RunEvents } from '../runs/run-events';
import { RunExecutor } from '../runs/run-executor';
import type { Run } from '../runs/run.types';
import { HaltRepository } from '../persistence/halt.repository';
import { RunRepository } from '../persistence/run.repository';
import { HaltGuard } from './halt-guard';
import { GLOBAL_SCOPE, type HaltScope, type HaltState } from './halt.types';

/** Whether a run waits because a kill switch interrupted it (not for a human). */
export function heldByHalt(run: Run): boolean {
  return run.status === 'interrupted' && (run.interrupt?.[0]?.value as { kind?: unknown } | null)?.kind === 'halt';
}

/**
 * The kill switches: a tenant's, and the global one (system admin). While one holds a tenant,
 * new runs of its workflows are refused (409) and running ones are interrupted before their next
 * node; the switch is stored, so it holds across restarts and on every replica. Resuming turns it
 * off and lets the runs it interrupted go on from their checkpoints (those still held by the
 * other switch wait for that one).
 */
@Injectable()
export class HaltService implements OnApplicationBootstrap {
  constructor(
    private readonly halts: HaltRepository,
    private readonly guard: HaltGuard,
    private readonly runs: RunRepository,
    private readonly executor: RunExecutor,
    private readonly events: RunEvents,
    private readonly metrics: LanggraphMetrics,
    private readonly clock: Clock,
    @Optional() private readonly eventCore?: EventCore,
  ) {}

  /** The gauge starts from the stored switches, so a halt from before a restart shows at once. */
  async onApplicationBootstrap(): Promise<void> {
    for (const halt of await this.halts.all()) {
      this.metrics.halted.set({ scope: halt.scope, tenant: halt.tenant ?? '' }, 1);
    }
  }

  /** The global switch and the caller's tenant's; the system admin also sees every halted tenant. */
  async state(caller: Principal): Promise<HaltState> {
    const all = await this.halts.all();
    const global = all.find((h) => h.scope === 'global') ?? null;
    const tenant = all.find((h) => h.scope === 'tenant' && h.tenant === caller.tenant) ?? null;
    if (!isSystemAdmin(caller)) return { global, tenant };
    return { global, tenant, tenants: all.filter((h) => h.scope === 'tenant') };
  }

  /** Turns a switch on (idempotent: an existing halt keeps its reason and time). */
  async halt(caller: Principal, scope: HaltScope, reason: string): Promise<HaltState> {
    const key = this.scopeKey(caller, scope);
    const at = this.clock.now();
    await this.halts.insert(key, reason, caller.id, at);
    this.metrics.halted.set({ scope, tenant: scope === 'global' ? '' : caller.tenant }, 1);
    this.eventCore?.emit('orchestration.halted', {
      scope,
      tenant: scope === 'global' ? null : caller.tenant,
      reason,
      by: caller.id,
      at: at.toISOString(),
    });
    return this.state(caller);
  }

  /** Turns a switch off and lets the runs it held go on; `resumedRuns` counts them. */
  async resume(caller: Principal, scope: HaltScope): Promise<HaltState & { resumedRuns: number }> {
    const key = this.scopeKey(caller, scope);
    const removed = await this.halts.delete(key);
    this.metrics.halted.set({ scope, tenant: scope === 'global' ? '' : caller.tenant }, 0);
    if (removed) {
      this.eventCore?.emit('orchestration.resumed', {
        scope,
        tenant: scope === 'global' ? null : caller.tenant,
        by: caller.id,
        at: this.clock.now().toISOString(),
      });
    }
    let resumedRuns = 0;
    const held = (await this.runs.findInterrupted(scope === 'global' ? undefined : caller.tenant)).filter(heldByHalt);
    for (const run of held) {
      if (await this.guard.holding(run.tenant)) continue;
      if (await this.continueRun(run)) resumedRuns++;
    }
    return { ...(await this.state(caller)), resumedRuns };
  }

  /** 409 CONFLICT while a switch holds the tenant's runs. */
  async assertNotHalted(tenant: string): Promise<void> {
    const halt = await this.guard.holding(tenant);
    if (halt) throw new AppError('CONFLICT', HaltGuard.describe(halt), { halt: HaltGuard.interruptOf(halt) });
  }

  /** Puts a run a halt interrupted back in the queue; it goes on from its last checkpoint. */
  async continueRun(run: Run): Promise<boolean> {
    const moved = await this.runs.transition(run, ['interrupted'], { status: 'queued', interrupt: null });
    if (!moved) return false;
    const at = this.clock.now().toISOString();
    await this.events.emit(run.id, 'run', { status: 'queued', at, resumedFrom: 'halt' });
    this.executor.submit(run.id, { kind: 'recover' });
    return true;
  }

  /** The stored scope of a switch the caller may turn: its own tenant's, or the global one (system admin). */
  private scopeKey(caller: Principal, scope: HaltScope): string {
    if (scope === 'tenant') return caller.tenant;
    if (!isSystemAdmin(caller)) {
      const message = 'the global kill switch acts on every tenant: it needs the system role';
      throw new AppError('FORBIDDEN', message, { requiredRole: 'system' });
    }
    return GLOBAL_SCOPE;
  }
}
