import { Injectable } from '@nestjs/common';
import { AppError, Clock, Page } from '@app/infrastructure';
import { SchedulerEngine } from '../engine/scheduler-engine';
import { RunListQuery, RunRepository } from '../persistence/run.repository';
import type { Run } from '../scheduler.types';

/** Run history and the dead-letter list (runs whose last attempt failed). */
@Injectable()
export class RunService {
  constructor(private readonly runs: RunRepository, private readonly engine: SchedulerEngine, private readonly clock: Clock) {}

  list(query: RunListQuery): Promise<Page<Run>> {
    return this.runs.list(query);
  }

  async get(id: string): Promise<Run> {
    const run = await this.runs.get(id);
    if (!run) throw AppError.notFound('run', id);
    return run;
  }

  deadLetters(query: Omit<RunListQuery, 'status'>): Promise<Page<Run>> {
    return this.runs.list({ ...query, status: 'dead' });
  }

  /** Back to the queue with a fresh set of attempts. */
  async retry(id: string): Promise<Run> {
    const run = await this.get(id);
    if (!(await this.runs.requeueDead(id, this.clock.now()))) {
      throw new AppError('CONFLICT', `run '${id}' is ${run.status}, not in the dead-letter list`, { id, status: run.status });
    }
    this.engine.kick();
    return this.get(id);
  }

  async purge(filter: { job?: string }): Promise<{ purged: number }> {
    return { purged: await this.runs.purgeDead(filter) };
  }
}
