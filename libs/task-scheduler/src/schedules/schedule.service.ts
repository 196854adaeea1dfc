import { Injectable } from '@nestjs/common';
import { AppError, BaseConfig, Clock, Page, ValidationCore, newId, type Principal } from '@app/infrastructure';
import { MarketCalendars } from '@app/market-calendars';
import { SchedulerEngine } from '../engine/scheduler-engine';
import { ScheduleFiring } from '../engine/schedule-firing';
import { JobRegistry } from '../jobs/job-registry';
import { checkJobScope } from '../jobs/job-scope';
import { RunRepository } from '../persistence/run.repository';
import { ScheduleListQuery, ScheduleRepository } from '../persistence/schedule.repository';
import type { Backoff, Run, Schedule, ScheduleInput, Timing } from '../scheduler.types';
import { anchorOf, MarketFires, nextFireAfter, upcomingFireTimes } from '../timing/fire-times';
import { resolveTiming } from './schedule-timing';
import { currentTraceParent } from '../engine/run-spans';

const MAX_INPUT_BYTES = 16 * 1024;
const DEFAULT_BACKOFF: Backoff = { type: 'exponential', delayMs: 1000, maxDelayMs: 60_000 };

/** `completed`: it will not fire again (a fired one-off). */
export const SCHEDULE_STATES = ['active', 'paused', 'completed'] as const;
export type ScheduleState = (typeof SCHEDULE_STATES)[number];

export interface ScheduleView extends Schedule {
  state: ScheduleState;
  nextFireTimes: Date[];
  lastRuns: Run[];
}

/**
 * Create, read, change and trigger schedules; every change is validated against the job's schema.
 * Every method acts for a caller and sees only the caller's tenant: another tenant's schedule is
 * not found (404), so its existence does not leak. A schedule of a `system` job is the system
 * admin's to change (checkJobScope).
 */
@Injectable()
export class ScheduleService {
  private readonly markets: MarketFires;

  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly runs: RunRepository,
    private readonly registry: JobRegistry,
    private readonly validation: ValidationCore,
    private readonly firing: ScheduleFiring,
    private readonly engine: SchedulerEngine,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
    calendars: MarketCalendars,
  ) {
    this.markets = (trigger, after) => calendars.nextFire(trigger, after);
  }

  async create(caller: Principal, input: ScheduleInput): Promise<ScheduleView> {
    const now = this.clock.now();
    this.checkInput(caller, input.job, input.input ?? {});
    const timing = resolveTiming(input, now.getTime());
    if ((await this.schedules.count()) >= this.config.values.scheduler.maxSchedules) {
      throw new AppError(
        'CONFLICT',
        `The scheduler already holds ${this.config.values.scheduler.maxSchedules} schedules (SCHEDULER_MAX_SCHEDULES)`,
      );
    }
    const enabled = input.enabled ?? true;
    const schedule: Schedule = {
      id: newId(),
      tenant: caller.tenant,
      createdBy: caller.id,
      name: input.name ?? null,
      job: input.job,
      input: input.input ?? {},
      ...timing,
      priority: input.priority ?? 'normal',
      maxAttempts: input.maxAttempts ?? 3,
      backoff: this.backoff(input.backoff, DEFAULT_BACKOFF),
      timeoutMs: input.timeoutMs ?? null,
      overlapPolicy: input.overlapPolicy ?? 'skip',
      missedPolicy: input.missedPolicy ?? 'run-once',
      enabled,
      nextFireAt: enabled ? this.firstFire(timing, now.getTime()) : null,
      lastFireAt: null,
      createdAt: now,
      updatedAt: now,
      traceParent: currentTraceParent(),
    };
    await this.schedules.insert(schedule);
    this.engine.kick();
    return this.view(schedule);
  }

  async update(caller: Principal, id: string, patch: Partial<ScheduleInput>): Promise<ScheduleView> {
    const current = await this.requireChangeable(caller, id);
    const now = this.clock.now();
    const job = patch.job ?? current.job;
    const input = patch.input ?? current.input;
    if (patch.job !== undefined || patch.input !== undefined) this.checkInput(caller, job, input);
    const timingChanged =
      patch.cron !== undefined ||
      patch.everyMs !== undefined ||
      patch.at !== undefined ||
      patch.timezone !== undefined ||
      patch.market !== undefined;
    let timing: Timing = current;
    if (timingChanged) {
      const onlyZone =
        patch.cron === undefined && patch.everyMs === undefined && patch.at === undefined && patch.market === undefined;
      timing = resolveTiming(
        onlyZone && current.kind === 'cron' ? { cron: current.cron as string, timezone: patch.timezone } : patch,
        now.getTime(),
      );
    }
    const enabled = patch.enabled ?? current.enabled;
    const updated: Schedule = {
      ...current,
      name: patch.name !== undefined ? patch.name : current.name,
      job,
      input,
      kind: timing.kind,
      cron: timing.cron,
      timezone: timing.timezone,
      everyMs: timing.everyMs,
      at: timing.at,
      market: timing.market,
      priority: patch.priority ?? current.priority,
      maxAttempts: patch.maxAttempts ?? current.maxAttempts,
      backoff: this.backoff(patch.backoff, current.backoff),
      timeoutMs: patch.timeoutMs !== undefined ? patch.timeoutMs : current.timeoutMs,
      overlapPolicy: patch.overlapPolicy ?? current.overlapPolicy,
      missedPolicy: patch.missedPolicy ?? current.missedPolicy,
      enabled,
      nextFireAt: !enabled
        ? null
        : timingChanged || !current.enabled
          ? this.firstFire(timing, now.getTime())
          : current.nextFireAt,
      updatedAt: now,
    };
    await this.schedules.update(updated);
    this.engine.kick();
    return this.view(updated);
  }

  /** Paused schedules do not fire; firings that fall in the pause are not made up on resume. */
  pause(caller: Principal, id: string): Promise<ScheduleView> {
    return this.update(caller, id, { enabled: false });
  }

  resume(caller: Principal, id: string): Promise<ScheduleView> {
    return this.update(caller, id, { enabled: true });
  }

  async remove(caller: Principal, id: string): Promise<{ id: string; deleted: true; cancelledRuns: number }> {
    await this.requireChangeable(caller, id);
    const now = this.clock.now();
    const cancelledRuns = await this.runs.cancelPending(
      { tenant: caller.tenant, scheduleId: id },
      now,
      'schedule deleted',
    );
    await this.schedules.delete(caller.tenant, id);
    return { id, deleted: true, cancelledRuns };
  }

  /** Queues a run now, whatever the timing (behind a running one of the same schedule). */
  async trigger(caller: Principal, id: string): Promise<Run> {
    const schedule = await this.requireChangeable(caller, id);
    const now = this.clock.now();
    const run = await this.schedules.transaction((trx) => this.firing.enqueue(trx, schedule, now, 'manual', now));
    this.engine.kick();
    return run;
  }

  async get(caller: Principal, id: string): Promise<ScheduleView> {
    return this.view(await this.require(caller.tenant, id));
  }

  async list(
    caller: Principal,
    query: Omit<ScheduleListQuery, 'tenant'>,
  ): Promise<Page<Schedule & { state: ScheduleState }>> {
    const page = await this.schedules.list({ ...query, tenant: caller.tenant });
    return { items: page.items.map((s) => ({ ...s, state: stateOf(s) })), nextCursor: page.nextCursor };
  }

  private async view(schedule: Schedule): Promise<ScheduleView> {
    const next = schedule.nextFireAt;
    const upcoming = (from: Date) => upcomingFireTimes(schedule, from.getTime(), anchorOf(schedule), 4, this.markets);
    const nextFireTimes = next ? [next, ...upcoming(next)] : [];
    return {
      ...schedule,
      state: stateOf(schedule),
      nextFireTimes,
      lastRuns: await this.runs.latestForSchedule(schedule.tenant, schedule.id, 5),
    };
  }

  private async require(tenant: string, id: string): Promise<Schedule> {
    const schedule = await this.schedules.get(tenant, id);
    if (!schedule) throw AppError.notFound('schedule', id);
    return schedule;
  }

  /** The caller's schedule, if the caller may change it: 404 for another tenant's, 403 for a system job's. */
  private async requireChangeable(caller: Principal, id: string): Promise<Schedule> {
    const schedule = await this.require(caller.tenant, id);
    checkJobScope(this.registry, caller, schedule.job);
    return schedule;
  }

  private checkInput(caller: Principal, jobName: string, input: Record<string, unknown>): void {
    const job = this.registry.require(jobName);
    checkJobScope(this.registry, caller, jobName);
    if (Buffer.byteLength(JSON.stringify(input)) > MAX_INPUT_BYTES) {
      throw AppError.validation([{ field: 'input', message: `must serialise to at most ${MAX_INPUT_BYTES} bytes` }]);
    }
    this.validation.validateSchema(job.definition.inputSchema, input, 'input');
  }

  private backoff(patch: Partial<Backoff> | undefined, base: Backoff): Backoff {
    // DTO instances carry absent optional fields as undefined; they must not erase the base.
    const given = Object.fromEntries(Object.entries(patch ?? {}).filter(([, v]) => v !== undefined));
    const merged: Backoff = { ...base, ...given };
    if (merged.maxDelayMs < merged.delayMs) {
      throw AppError.validation([{ field: 'backoff.maxDelayMs', message: 'must be at least backoff.delayMs' }]);
    }
    return merged;
  }

  /** First fire time from now: an interval's anchor itself counts. */
  private firstFire(timing: Timing, now: number): Date | null {
    const next = nextFireAfter(timing, now, anchorOf(timing), this.markets);
    return next === null ? null : new Date(next);
  }
}

export function stateOf(s: Schedule): ScheduleState {
  if (!s.enabled) return 'paused';
  return s.nextFireAt ? 'active' : 'completed';
}
