import { Injectable } from '@nestjs/common';
import { AppError, Clock, Page, type Principal } from '@app/infrastructure';
import { SchedulerEngine } from '../engine/scheduler-engine';
import { JobRegistry } from '../jobs/job-registry';
import { checkJobScope } from '../jobs/job-scope';
import { RunListQuery, RunRepository } from '../persistence/run.repository';
import type { Run } from '../scheduler.types';

/** Run history and the dead-letter list (runs whose last attempt failed), of the caller's tenant. */
@Injectable()
export class RunService {
  constructor(
    private readonly runs: RunRepository,
    private readonly registry: JobRegistry,
    private readonly engine: SchedulerEngine,
    private readonly clock: Clock,
  ) {}

  list(caller: Principal, query: Omit<RunListQuery, 'tenant'>): Promise<Page<Run>> {
    return this.runs.list({ ...query, tenant: caller.tenant });
  }

  async get(caller: Principal, id: string): Promise<Run> {
    // Another tenant's run is not found, like an unknown one.
    const run = await this.runs.find(caller.tenant, id);
    if (!run) throw AppError.notFound('run', id);
    return run;
  }

  deadLetters(caller: Principal, query: Omit<RunListQuery, 'tenant' | 'status'>): Promise<Page<Run>> {
    return this.runs.list({ ...query, tenant: caller.tenant, status: 'dead' });
  }

  /** Back to the queue with a fresh set of attempts (a `system` job's run: the system admin only). */
  async retry(caller: Principal, id: string): Promise<Run> {
    const run = await this.get(caller, id);
    checkJobScope(this.registry, caller, run.job);
    if (!(await this.runs.requeueDead(caller.tenant, id, this.clock.now()))) {
      throw new AppError('CONFLICT', `run '${id}' is ${run.status}, not in the dead-letter list`, {
        id,
        status: run.status,
      });
    }
    this.engine.kick();
    return this.get(caller, id);
  }

  async purge(caller: Principal, filter: { job?: string }): Promise<{ purged: number }> {
    return { purged: await this.runs.purgeDead({ ...filter, tenant: caller.tenant }) };
  }
}
