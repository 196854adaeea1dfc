import { SetMetadata } from '@nestjs/common';

/**
 * Whose work a queue operation covers: one tenant's (what a tenant admin may act on), or the
 * whole queue, every tenant's work (the system admin, and the service's own monitoring).
 */
export type QueueScope = { kind: 'tenant'; tenant: string } | { kind: 'queue' };

export const WHOLE_QUEUE: QueueScope = Object.freeze({ kind: 'queue' });

export function tenantScope(tenant: string): QueueScope {
  return { kind: 'tenant', tenant };
}

/** The tenant a scope is limited to; undefined for the whole queue (a repository's "no filter"). */
export function tenantOfScope(scope: QueueScope): string | undefined {
  return scope.kind === 'tenant' ? scope.tenant : undefined;
}

/** Figures every queue in the service reports, for GET /api/v1/scheduler/queues and the dashboard. */
export interface ManagedQueueStats {
  name: string;
  scope: QueueScope['kind'];
  /** The tenant the figures are of; null for the whole queue. */
  tenant: string | null;
  /** The work in view starts nothing new: the whole queue is paused, or (tenant view) this tenant's work. */
  paused: boolean;
  /** The whole queue is paused, every tenant's work held (only the system admin does this). */
  queuePaused: boolean;
  /** Tenant view: this tenant's work is paused. Queue view: the tenants whose work is paused. */
  tenantPaused?: boolean;
  pausedTenants?: string[];
  /** Waiting items per priority name (e.g. `{ critical: 0, high: 2, normal: 10, low: 0, background: 5 }`). */
  depthByPriority: Record<string, number>;
  queued: number;
  running: number;
  /** The queue's concurrency, shared by every tenant. */
  concurrency: number;
  /** Completed and failed in the last 60 s, for rates. */
  completedLastMinute: number;
  failedLastMinute: number;
}

/**
 * A queue that the scheduler's queue management can inspect and control without importing the
 * library that owns it. Every operation takes a scope: a tenant's pause holds that tenant's work
 * only (other tenants' work keeps running in priority order), a tenant's drain cancels that
 * tenant's waiting items only, and the figures are that tenant's. Paused work is accepted but
 * not started; running items finish. Pauses are stored (QueuePauseRepository), so they survive a
 * restart and hold on every replica. Whoever calls with the whole-queue scope has checked that
 * the caller may act across tenants.
 */
export interface ManagedQueue {
  stats(scope: QueueScope): Promise<ManagedQueueStats>;
  pause(scope: QueueScope): Promise<void>;
  resume(scope: QueueScope): Promise<void>;
  /** Cancels every waiting (not running) item in scope; returns how many. */
  drain(scope: QueueScope): Promise<{ removed: number }>;
}

export const MANAGED_QUEUE = 'infrastructure:managed-queue';

/** Marks a provider implementing ManagedQueue under its queue name (e.g. `handit.tasks`). */
export const ProvidesManagedQueue = (name: string): ClassDecorator => SetMetadata(MANAGED_QUEUE, name);
