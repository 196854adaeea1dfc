import type { AggregatedHealth } from '@app/monitoring-orchestrator';

/** Every component's health as the caller may see it (details for the system admin only). */
export function presentHealth(health: AggregatedHealth) {
  return { status: health.status, components: health.components };
}

export const HEALTH_SCHEMA = {
  type: 'object',
  example: { status: 'up', components: { scheduler: { state: 'up', details: { queued: 0 } } } },
};
