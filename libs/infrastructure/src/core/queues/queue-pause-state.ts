import type { ManagedQueueStats, QueueScope } from './managed-queue';

/** What is paused in one queue: the whole queue, and which tenants' work. */
export interface QueuePauseState {
  queue: boolean;
  tenants: ReadonlySet<string>;
}

export const NOTHING_PAUSED: QueuePauseState = Object.freeze({ queue: false, tenants: new Set<string>() });

/** True when work of `tenant` may not start under this state. */
export function holdsTenant(state: QueuePauseState, tenant: string): boolean {
  return state.queue || state.tenants.has(tenant);
}

type PauseFigures = Pick<
  ManagedQueueStats,
  'scope' | 'tenant' | 'paused' | 'queuePaused' | 'tenantPaused' | 'pausedTenants'
>;

/** The pause fields of a queue's stats as a scope may see them: a tenant never learns of another's pause. */
export function pauseFigures(state: QueuePauseState, scope: QueueScope): PauseFigures {
  const queuePaused = state.queue;
  if (scope.kind === 'queue') {
    return { scope: 'queue', tenant: null, paused: queuePaused, queuePaused, pausedTenants: [...state.tenants].sort() };
  }
  const tenantPaused = state.tenants.has(scope.tenant);
  return { scope: 'tenant', tenant: scope.tenant, paused: queuePaused || tenantPaused, queuePaused, tenantPaused };
}
