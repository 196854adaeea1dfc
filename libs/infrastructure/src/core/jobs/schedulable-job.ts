import { createRegistrationDecorator } from '../../optional/container-core';
import type { JsonSchema } from '../../optional/validation-core';

/** What a domain declares about a job the scheduler may run. */
export interface JobDefinition {
  /** Dotted, owner first: `handit.submit-task`, `letta.sweep-retention`. */
  name: string;
  description?: string;
  /** JSON Schema the schedule's `input` must satisfy; checked when the schedule is saved. */
  inputSchema: JsonSchema;
  /** Per-attempt time bound; the schedule's own timeoutMs wins, then SCHEDULER_JOB_TIMEOUT_MS. */
  timeoutMs?: number;
  /**
   * `tenant` (default): the job works on behalf of the schedule's tenant (JobContext.tenant) and
   * any operator may schedule it. `system`: it works on every tenant's data (retention, sweeps),
   * so only the system admin (role `system`) may schedule it.
   */
  scope?: JobScope;
}

export type JobScope = 'tenant' | 'system';

/** Facts a job gets about the run it is executing. */
export interface JobContext {
  runId: string;
  /** The tenant of the schedule (or manual run) the run belongs to; a tenant job works in it. */
  tenant: string;
  /** Who created the schedule; null for runs from schedules that predate tenant scoping. */
  createdBy: string | null;
  /** Null for runs not started by a schedule. */
  scheduleId: string | null;
  /** 1-based. */
  attempt: number;
  maxAttempts: number;
  /** The fire time the run belongs to (not when it started). */
  scheduledFor: Date;
  /** Aborted on timeout or shutdown; long jobs should pass it on (fetch, db). */
  signal: AbortSignal;
}

/** The principal id that work started by a run acts as: `scheduler:<schedule creator>`. */
export function scheduledPrincipalId(context: Pick<JobContext, 'createdBy'>): string {
  return context.createdBy ? `scheduler:${context.createdBy}` : 'scheduler';
}

/**
 * A schedulable job: a provider with `run`. Throwing fails the attempt (retried with the
 * schedule's backoff); the resolved value is stored as the run's result (keep it small, JSON).
 */
export interface SchedulableJobHandler<I = unknown, O = unknown> {
  run(input: I, context: JobContext): Promise<O> | O;
}

export const SCHEDULABLE_JOB = 'infrastructure:schedulable-job';

/**
 * Marks a provider as a job the scheduler can run, found through DiscoveryService, so the
 * scheduler never imports the domain library that owns the job:
 *
 *   @SchedulableJob({ name: 'letta.sweep-retention', inputSchema: { type: 'object', additionalProperties: false } })
 *   @Injectable() export class SweepRetentionJob implements SchedulableJobHandler { run(input, ctx) { … } }
 */
export const SchedulableJob = createRegistrationDecorator<JobDefinition>(SCHEDULABLE_JOB);
