import { PRIORITIES, Priority } from '../../tasks/task.types';

/**
 * BullMQ serves lower numbers first and treats 0 as "no priority" (a separate list served before
 * every prioritized job), so the five levels map onto 1..5 and 0 is never used.
 */
export function bullPriorityOf(priority: Priority): number {
  return PRIORITIES.indexOf(priority) + 1;
}

/**
 * The BullMQ priority a job should have after waiting `waitedMs`: one level higher per aging
 * interval, as the in-process queue ranks entries, never above critical (1).
 */
export function agedBullPriority(priority: Priority, waitedMs: number, agingIntervalMs: number): number {
  const aged = Math.floor(Math.max(0, waitedMs) / agingIntervalMs);
  return Math.max(0, PRIORITIES.indexOf(priority) - aged) + 1;
}
