import type { AppConfig } from '@app/infrastructure';

/**
 * What ROLE changes, decided once before the app is built. Only the distributed mode (PostgreSQL
 * and Redis) has replicas to split work between; an embedded process always does everything.
 *
 * - api: serves HTTP and adds jobs; Handit starts no BullMQ worker or reconciler (TaskRunner
 *   reads the role) and the scheduler engine does not run (nothing fires or executes here).
 * - worker / all: execute tasks and scheduled runs; both still answer HTTP, including probes.
 */
export function applyRole(config: AppConfig): AppConfig {
  const distributed = Boolean(config.database.url && config.redis.url);
  if (!distributed || config.service.role !== 'api') return config;
  return { ...config, scheduler: { ...config.scheduler, enabled: false } };
}
