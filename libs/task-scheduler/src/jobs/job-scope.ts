import { AppError, roleAtLeast, type Principal } from '@app/infrastructure';
import type { JobRegistry } from './job-registry';

/**
 * A `system` job works on every tenant's data (retention, sweeps), so scheduling it, and changing,
 * triggering, deleting or retrying its schedules and runs, needs the system role; anyone of the
 * tenant may still read them. Throws FORBIDDEN otherwise.
 */
export function checkJobScope(registry: JobRegistry, caller: Principal, jobName: string): void {
  if (registry.find(jobName)?.definition.scope !== 'system' || roleAtLeast(caller.role, 'system')) return;
  const message = `job '${jobName}' works on every tenant's data; scheduling or running it needs the system role`;
  throw new AppError('FORBIDDEN', message, { job: jobName, requiredRole: 'system' });
}
