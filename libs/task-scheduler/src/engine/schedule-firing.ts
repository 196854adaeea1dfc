import { Injectable } from '@nestjs/common';
import { AppError, BaseConfig } from '@app/infrastructure';
import { MarketCalendars } from '@app/market-calendars';
import { RunRepository } from '../persistence/run.repository';
import { ScheduleRepository } from '../persistence/schedule.repository';
import type { SchedulerDb } from '../persistence/tables';
import type { Run, RunTrigger, Schedule } from '../scheduler.types';
import { anchorOf, firingsBetween, MarketFires, nextFireAfter } from '../timing/fire-times';
import { currentTraceParent } from './run-spans';

/** Schedules handled per query while catching up, so one tick never loads everything at once. */
const BATCH = 100;
const MAX_PER_TICK = 2000;

/**
 * Turns due schedules into runs. Each firing advances the schedule (compare-and-set) and records
 * its run in one transaction, so a slot is fired exactly once even with overlapping ticks.
 *
 * - On time (within missedToleranceMs of the fire time): one run for that slot.
 * - Missed (the process was down or stalled longer than the tolerance): `missedPolicy` decides:
 *   `run-once` queues one run for the latest missed slot, `skip` records a skipped run saying
 *   how many firings were missed; either way the schedule continues from its next future slot.
 * - Overlap: while a run of the schedule is still queued or running, `overlapPolicy` `skip`
 *   records a skipped run; `queue` queues the new run behind it (runs of one schedule never
 *   execute concurrently), up to maxQueuedPerSchedule.
 * - Market triggers fire on their venue's trading days only; the same policies apply to them.
 */
@Injectable()
export class ScheduleFiring {
  private readonly markets: MarketFires;

  constructor(
    private readonly schedules: ScheduleRepository,
    private readonly runs: RunRepository,
    private readonly config: BaseConfig,
    calendars: MarketCalendars,
  ) {
    this.markets = (trigger, after) => calendars.nextFire(trigger, after);
  }

  private get settings() {
    return this.config.values.scheduler;
  }

  async fireDue(now: Date): Promise<number> {
    let fired = 0;
    while (fired < MAX_PER_TICK) {
      const due = await this.schedules.due(now, BATCH);
      if (!due.length) break;
      for (const schedule of due) {
        await this.fire(schedule, now);
        fired++;
      }
      if (due.length < BATCH) break;
    }
    return fired;
  }

  private async fire(s: Schedule, now: Date): Promise<void> {
    const due = (s.nextFireAt as Date).getTime();
    const nowMs = now.getTime();
    const anchor = anchorOf(s);
    const missed = nowMs - due > this.settings.missedToleranceMs;
    const next = nextFireAfter(s, missed ? nowMs : due, anchor, this.markets);
    await this.schedules.transaction(async (trx) => {
      if (!(await this.schedules.advance(s, new Date(due), next === null ? null : new Date(next), now, trx))) return;
      if (!missed) {
        await this.enqueue(trx, s, new Date(due), 'schedule', now);
        return;
      }
      const { count, last } = firingsBetween(s, due, nowMs, anchor, this.markets);
      if (s.missedPolicy === 'run-once') {
        await this.enqueue(trx, s, new Date(last ?? due), 'missed', now);
      } else {
        const between = `between ${new Date(due).toISOString()} and ${now.toISOString()}`;
        await this.record(
          trx,
          s,
          new Date(due),
          'missed',
          now,
          `missed ${count} firing(s) ${between}; missedPolicy skip`,
        );
      }
    });
  }

  /** A run for a schedule firing, subject to the overlap policy and the queue bounds. */
  async enqueue(trx: SchedulerDb, s: Schedule, scheduledFor: Date, trigger: RunTrigger, now: Date): Promise<Run> {
    const active = await this.runs.countActiveForSchedule(s.id, trx);
    let skip: string | null = null;
    if (active > 0 && s.overlapPolicy === 'skip' && trigger !== 'manual')
      skip = 'previous run still queued or running; overlapPolicy skip';
    else if (active >= this.settings.maxQueuedPerSchedule)
      skip = `${active} runs of this schedule already waiting (maxQueuedPerSchedule)`;
    else if ((await this.runs.countPending(trx)) >= this.settings.maxPendingRuns) {
      if (trigger === 'manual')
        throw new AppError('QUEUE_FULL', `The scheduler already has ${this.settings.maxPendingRuns} pending runs`);
      skip = 'scheduler queue full (SCHEDULER_MAX_PENDING_RUNS)';
    }
    if (skip) return this.record(trx, s, scheduledFor, trigger, now, skip);
    return this.runs.insert({ ...runOf(s, scheduledFor, trigger, now), status: 'queued', error: null }, now, trx);
  }

  /** A skipped firing stays visible in the schedule's run history, with the reason. */
  private record(
    trx: SchedulerDb,
    s: Schedule,
    scheduledFor: Date,
    trigger: RunTrigger,
    now: Date,
    reason: string,
  ): Promise<Run> {
    return this.runs.insert(
      { ...runOf(s, scheduledFor, trigger, now), status: 'skipped', finishedAt: now, error: reason },
      now,
      trx,
    );
  }
}

/** What a run copies from its schedule: owner, job, input and retry settings. */
function runOf(s: Schedule, scheduledFor: Date, trigger: RunTrigger, now: Date) {
  return {
    tenant: s.tenant,
    createdBy: s.createdBy,
    scheduleId: s.id,
    job: s.job,
    input: s.input,
    priority: s.priority,
    trigger,
    maxAttempts: s.maxAttempts,
    backoff: s.backoff,
    timeoutMs: s.timeoutMs,
    scheduledFor,
    notBefore: now,
    // A one-off schedule's run, or a manual trigger, joins the trace that asked for it; a
    // recurring firing starts its own (linked to the schedule's: see run-spans.ts).
    traceParent: trigger === 'manual' ? currentTraceParent() : s.kind === 'at' ? s.traceParent : null,
  };
}
