import { Injectable, Optional } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { AppError, EventCore } from '@app/infrastructure';
import { CronRepository } from '../persistence/cron.repository';
import { contains, ThreadRepository } from '../persistence/thread.repository';
import type { Run } from '../runs/run.types';
import { AssistantService } from './assistant.service';
import { Caller, PlatformRunRequest, PlatformRunService } from './platform-run.service';
import type { Cron } from './platform.types';

const SCAN_LIMIT = 5_000;

/** What a caller sets on a cron; the rest (ids, schedule link, timestamps) is the service's. */
export type CronInput = Omit<Cron, 'tenant' | 'cronId' | 'scheduleId' | 'createdAt' | 'updatedAt'>;

/**
 * Crons: a run request fired on a schedule, on a thread or statelessly. The timing is a
 * task-scheduler schedule the gateway creates beside the cron (this library does not import the
 * scheduler); each firing runs the `langgraph.cron-run` job, which calls fire().
 */
@Injectable()
export class CronService {
  constructor(
    private readonly crons: CronRepository,
    private readonly threads: ThreadRepository,
    private readonly assistants: AssistantService,
    private readonly runs: PlatformRunService,
    @Optional() private readonly events?: EventCore,
  ) {}

  /** Stores a cron (without its schedule yet); 404 for an unknown assistant or thread. */
  async create(tenant: string, input: CronInput): Promise<Cron> {
    await this.assistants.get(tenant, input.assistantId);
    if (input.threadId && !(await this.threads.find(tenant, input.threadId)))
      throw AppError.notFound('thread', input.threadId);
    const now = new Date();
    const cron: Cron = { tenant, cronId: randomUUID(), ...input, scheduleId: null, createdAt: now, updatedAt: now };
    await this.crons.insert(cron);
    return cron;
  }

  async get(tenant: string, cronId: string): Promise<Cron> {
    const cron = await this.crons.find(tenant, cronId);
    if (!cron) throw AppError.notFound('cron', cronId);
    return cron;
  }

  async update(
    tenant: string,
    cronId: string,
    patch: Partial<CronInput> & { scheduleId?: string | null },
  ): Promise<Cron> {
    await this.get(tenant, cronId);
    await this.crons.update(tenant, cronId, patch);
    return this.get(tenant, cronId);
  }

  async delete(tenant: string, cronId: string): Promise<void> {
    if (!(await this.crons.delete(tenant, cronId))) throw AppError.notFound('cron', cronId);
  }

  async search(
    tenant: string,
    query: {
      assistantId?: string;
      threadId?: string;
      enabled?: boolean;
      metadata?: Record<string, unknown>;
      limit: number;
      offset: number;
    },
  ): Promise<Cron[]> {
    const all = await this.crons.search(tenant, query, SCAN_LIMIT);
    return all
      .filter((c) => !query.metadata || contains(c.metadata, query.metadata))
      .slice(query.offset, query.offset + query.limit);
  }

  /**
   * One firing: the cron's run on its thread (enqueued behind a run still going, unless the cron
   * says otherwise) or stateless. Null when the cron is gone, disabled or past its end time.
   * `langgraph.cron.fired` says so, with the cron's webhook, for whoever delivers webhooks.
   */
  async fire(caller: Caller, cronId: string): Promise<Run | null> {
    const cron = await this.crons.find(caller.tenant, cronId);
    if (!cron || !cron.enabled || (cron.endTime && cron.endTime.getTime() < Date.now())) return null;
    const request = {
      ...(cron.payload as Partial<PlatformRunRequest>),
      assistant_id: cron.assistantId,
      multitask_strategy: (cron.payload.multitask_strategy as PlatformRunRequest['multitask_strategy']) ?? 'enqueue',
      metadata: { ...((cron.payload.metadata as Record<string, unknown>) ?? {}), cron_id: cron.cronId },
    } as PlatformRunRequest;
    const run = await this.runs.create(caller, cron.threadId, request);
    const webhook = typeof cron.payload.webhook === 'string' ? cron.payload.webhook : null;
    this.events?.emit('langgraph.cron.fired', {
      tenant: caller.tenant,
      cronId: cron.cronId,
      runId: run.id,
      principalId: caller.principalId,
      webhook,
      at: new Date().toISOString(),
    });
    return run;
  }
}
