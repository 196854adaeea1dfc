import { Injectable } from '@nestjs/common';
import {
  AppError,
  BudgetStats,
  ConcurrencyBudget,
  ContainerCore,
  isSystemAdmin,
  MANAGED_QUEUE,
  ManagedQueue,
  ManagedQueueStats,
  Principal,
  QueueScope,
  tenantScope,
  WHOLE_QUEUE,
} from '@app/infrastructure';

/** What a queue route covers: the caller's tenant's work (default), or the whole queue (system admin). */
export const QUEUE_SCOPES = ['tenant', 'queue'] as const;
export type QueueScopeName = (typeof QUEUE_SCOPES)[number];

export interface QueueOverview extends ManagedQueueStats {
  /** Per-second rates over the last minute. */
  rates: { completedPerSecond: number; failedPerSecond: number };
}

export interface QueueDrain {
  removed: number;
  queue: QueueOverview;
}

export interface QueueList {
  scope: QueueScopeName;
  /** The caller's tenant in the tenant view; null for the whole queues. */
  tenant: string | null;
  queues: QueueOverview[];
  /** The service-wide concurrency budget: every tenant's work, so only in the whole-queue view. */
  budget: BudgetStats | null;
}

/**
 * Every queue in the service, found by @ProvidesManagedQueue (Handit's task queue, the
 * scheduler's runs, …) without importing the libraries that own them. A caller sees and acts on
 * its own tenant's work; the whole queue (every tenant) is the system admin's, asked for
 * explicitly, and anyone else asking gets FORBIDDEN.
 */
@Injectable()
export class QueueManager {
  constructor(
    private readonly container: ContainerCore,
    private readonly budget: ConcurrencyBudget,
  ) {}

  private queues(): Map<string, ManagedQueue> {
    return new Map(this.container.discover<string, ManagedQueue>(MANAGED_QUEUE).map((r) => [r.metadata, r.instance]));
  }

  names(): string[] {
    return [...this.queues().keys()].sort();
  }

  async list(caller: Principal, scopeName: QueueScopeName): Promise<QueueList> {
    const scope = scopeFor(caller, scopeName);
    const queues = await Promise.all([...this.queues().values()].map(async (q) => overview(await q.stats(scope))));
    return {
      scope: scopeName,
      tenant: scope.kind === 'tenant' ? scope.tenant : null,
      queues: queues.sort((a, b) => a.name.localeCompare(b.name)),
      budget: scope.kind === 'queue' ? this.budget.stats() : null,
    };
  }

  async get(caller: Principal, name: string, scopeName: QueueScopeName): Promise<QueueOverview> {
    const scope = scopeFor(caller, scopeName);
    return overview(await this.require(name).stats(scope));
  }

  async pause(caller: Principal, name: string, scopeName: QueueScopeName): Promise<QueueOverview> {
    const scope = scopeFor(caller, scopeName);
    const queue = this.require(name);
    await queue.pause(scope);
    return overview(await queue.stats(scope));
  }

  async resume(caller: Principal, name: string, scopeName: QueueScopeName): Promise<QueueOverview> {
    const scope = scopeFor(caller, scopeName);
    const queue = this.require(name);
    await queue.resume(scope);
    return overview(await queue.stats(scope));
  }

  async drain(caller: Principal, name: string, scopeName: QueueScopeName): Promise<QueueDrain> {
    const scope = scopeFor(caller, scopeName);
    const queue = this.require(name);
    const { removed } = await queue.drain(scope);
    return { removed, queue: overview(await queue.stats(scope)) };
  }

  private require(name: string): ManagedQueue {
    const queue = this.queues().get(name);
    if (!queue) {
      const known = this.names().join(', ');
      throw new AppError('NOT_FOUND', `queue '${name}' not found; queues: ${known}`, { resource: 'queue', id: name });
    }
    return queue;
  }
}

/** The caller's tenant, or the whole queue for the system admin; checked before any queue is looked up. */
function scopeFor(caller: Principal, scope: QueueScopeName): QueueScope {
  if (scope === 'tenant') return tenantScope(caller.tenant);
  if (!isSystemAdmin(caller)) {
    throw new AppError('FORBIDDEN', "The whole queue holds every tenant's work: acting on it needs the system role", {
      scope: 'queue',
      requiredRole: 'system',
    });
  }
  return WHOLE_QUEUE;
}

function overview(stats: ManagedQueueStats): QueueOverview {
  const round = (n: number) => Math.round(n * 1000) / 1000;
  const rates = {
    completedPerSecond: round(stats.completedLastMinute / 60),
    failedPerSecond: round(stats.failedLastMinute / 60),
  };
  return { ...stats, rates };
}
