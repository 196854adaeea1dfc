import { Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  AppError,
  ContainerCore,
  JobDefinition,
  JobScope,
  SCHEDULABLE_JOB,
  SchedulableJobHandler,
} from '@app/infrastructure';

export interface RegisteredJob {
  definition: JobDefinition;
  handler: SchedulableJobHandler;
}

const NAME = /^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/;
/** Jobs are declared in code, so this bound is never reached by traffic; it catches runaway registration. */
const MAX_JOBS = 500;

/**
 * Every job the scheduler can run: providers marked @SchedulableJob (found with ContainerCore at
 * bootstrap, so domains register without the scheduler importing them) plus jobs registered in
 * code through register().
 */
@Injectable()
export class JobRegistry implements OnApplicationBootstrap {
  private readonly jobs = new Map<string, RegisteredJob>();

  constructor(private readonly container: ContainerCore) {}

  onApplicationBootstrap(): void {
    this.discover();
  }

  /** Idempotent: picks up providers not yet seen (also callable before bootstrap). */
  discover(): void {
    for (const { metadata, instance } of this.container.discover<JobDefinition, SchedulableJobHandler>(
      SCHEDULABLE_JOB,
    )) {
      if (this.jobs.get(metadata.name)?.handler === instance) continue;
      this.register(metadata, instance);
    }
  }

  register(definition: JobDefinition, handler: SchedulableJobHandler): void {
    if (!NAME.test(definition.name))
      throw new Error(
        `job name '${definition.name}' must be dotted lower-case, owner first (e.g. letta.sweep-retention)`,
      );
    if (typeof handler?.run !== 'function')
      throw new Error(`job '${definition.name}' has no run(input, context) method`);
    if (this.jobs.has(definition.name)) throw new Error(`job '${definition.name}' is registered twice`);
    if (this.jobs.size >= MAX_JOBS) throw new Error(`more than ${MAX_JOBS} jobs registered`);
    this.jobs.set(definition.name, { definition, handler });
  }

  find(name: string): RegisteredJob | undefined {
    if (!this.jobs.has(name)) this.discover();
    return this.jobs.get(name);
  }

  /** For validation of API input: unknown job → 400 naming `job`. */
  require(name: string, field = 'job'): RegisteredJob {
    const job = this.find(name);
    if (!job) {
      throw AppError.validation([
        { field, message: `unknown job '${name}'; known jobs: ${[...this.jobs.keys()].sort().join(', ') || '(none)'}` },
      ]);
    }
    return job;
  }

  /** Every job, with its scope spelled out (`tenant` when the job does not say). */
  list(): Array<JobDefinition & { scope: JobScope }> {
    this.discover();
    return [...this.jobs.values()]
      .map((j) => ({ ...j.definition, scope: j.definition.scope ?? 'tenant' }))
      .sort((a, b) => a.name.localeCompare(b.name));
  }
}
