import { BeforeApplicationShutdown, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import {
  BaseConfig,
  BaseLogger,
  Clock,
  NOTHING_PAUSED,
  QueuePauseRepository,
  QueuePauseState,
  TimerHandle,
} from '@app/infrastructure';
import { RunRepository } from '../persistence/run.repository';
import { ScheduleRepository } from '../persistence/schedule.repository';
import { SCHEDULER_QUEUE } from '../queues/queue-names';
import type { Run } from '../scheduler.types';
import { RunExecutor } from './run-executor';
import { ScheduleFiring } from './schedule-firing';

/**
 * The scheduler's loop. One tick: fire due schedules, start pending runs up to the concurrency,
 * then sleep until the earliest next fire time or retry (at most pollIntervalMs). Everything it
 * decides on is in the database, so a restart continues where the last process stopped.
 */

/** How often replicas sharing a database look for runs a dead replica left `running`. */
const ORPHAN_SWEEP_MS = 5_000;
/** Beyond a run's own timeout, how long before its `running` row is treated as abandoned. */
const ORPHAN_GRACE_MS = 60_000;

@Injectable()
export class SchedulerEngine implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger: BaseLogger;
  private timer: TimerHandle | null = null;
  private ticking: Promise<void> | null = null;
  private again = false;
  private running = false;
  /** The stored pauses of `scheduler.runs` as of the last tick: whole queue, and tenants whose runs wait. */
  private pauses: QueuePauseState = NOTHING_PAUSED;
  /** Runs being executed by this process; never more than `concurrency` entries. */
  private readonly inFlight = new Map<string, Promise<void>>();
  /** Schedules with a run executing here: runs of one schedule never overlap. */
  private readonly busySchedules = new Set<string>();
  private lastOrphanSweep = 0;

  constructor(
    private readonly firing: ScheduleFiring,
    private readonly executor: RunExecutor,
    private readonly schedules: ScheduleRepository,
    private readonly runs: RunRepository,
    private readonly queuePauses: QueuePauseRepository,
    private readonly clock: Clock,
    private readonly config: BaseConfig,
    logger: BaseLogger,
  ) {
    this.logger = logger.child({ component: 'scheduler' });
  }

  private get settings() {
    return this.config.values.scheduler;
  }

  get isRunning(): boolean {
    return this.running;
  }

  get executing(): number {
    return this.inFlight.size;
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.settings.enabled) return;
    // Pause state first, so a queue (or a tenant's runs) paused before a restart starts nothing.
    this.pauses = await this.queuePauses.state(SCHEDULER_QUEUE);
    await this.recoverInterrupted();
    this.running = true;
    this.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = null;
    await this.ticking?.catch(() => undefined);
    // Give running attempts the shutdown budget, then abort what is left; those are picked up
    // as interrupted at the next start.
    const pending = [...this.inFlight.values()];
    if (!pending.length) return;
    let guard: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>(
      (resolve) => (guard = setTimeout(() => resolve('timeout'), this.config.values.service.shutdownTimeoutMs)),
    );
    const outcome = await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), timedOut]);
    clearTimeout(guard);
    if (outcome === 'timeout') {
      // Aborted attempts record themselves as failed (retried at the next start) before the database closes.
      this.executor.abortAll('the service is shutting down');
      await Promise.allSettled(pending);
    }
  }

  /** The stored pauses changed through this replica: applied at once instead of at the next tick. */
  pausesChanged(pauses: QueuePauseState): void {
    this.pauses = pauses;
    this.kick();
  }

  /** Asks for a tick as soon as possible (new schedule, trigger, resume, finished run). */
  kick(): void {
    if (!this.running) return;
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = this.loop().finally(() => (this.ticking = null));
  }

  /** Resolves once no tick is in progress and no run is executing (tests, shutdown). */
  async idle(): Promise<void> {
    for (let i = 0; i < 10_000; i++) {
      if (this.ticking) await this.ticking;
      else if (this.inFlight.size) await Promise.allSettled([...this.inFlight.values()]);
      else return;
    }
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.tick();
      } catch (error) {
        this.logger.error({ err: error }, 'scheduler tick failed; retrying at the next poll');
        this.arm(this.settings.pollIntervalMs);
      }
    } while (this.again && this.running);
  }

  private async tick(): Promise<void> {
    if (!this.running) return;
    const now = this.clock.now();
    if (this.config.mode === 'distributed' && now.getTime() - this.lastOrphanSweep >= ORPHAN_SWEEP_MS)
      await this.recoverInterrupted();
    // The stored pause state is the truth: a pause or resume through another replica reaches this
    // one by its next tick (at most SCHEDULER_POLL_INTERVAL_MS), one small read per tick.
    this.pauses = await this.queuePauses.state(SCHEDULER_QUEUE);
    await this.firing.fireDue(now);
    if (!this.pauses.queue) await this.dispatch(now);
    // Pending runs due at the start of this tick wait for a slot (a finishing run kicks the loop);
    // later ones, retries above all, wake it at their time.
    const nextPending = this.pauses.queue ? null : await this.runs.earliestPendingAfter(now);
    const wake = [await this.schedules.earliestNextFire(), nextPending]
      .filter((d): d is Date => d !== null)
      .map((d) => d.getTime());
    const delay = wake.length ? Math.max(0, Math.min(...wake) - this.clock.nowMs()) : this.settings.pollIntervalMs;
    // Something became due while this tick ran (time moved on): go round again at once.
    if (delay === 0) this.again = true;
    else this.arm(Math.min(delay, this.settings.pollIntervalMs));
  }

  private arm(delayMs: number): void {
    this.timer?.cancel();
    if (!this.running) return;
    this.timer = this.clock.setTimer(() => {
      this.timer = null;
      this.kick();
    }, delayMs);
  }

  /**
   * Starts pending runs up to the concurrency, at most one per schedule at a time; runs of
   * paused tenants wait, the other tenants' runs go in priority order.
   */
  private async dispatch(now: Date): Promise<void> {
    const tenants = [...this.pauses.tenants];
    for (let round = 0; round < this.settings.concurrency; round++) {
      const free = this.settings.concurrency - this.inFlight.size;
      if (free <= 0) return;
      const candidates = await this.runs.dispatchable(now, free * 2, { schedules: [...this.busySchedules], tenants });
      let started = 0;
      for (const run of candidates) {
        if (started >= free) break;
        if (this.inFlight.has(run.id)) continue;
        if (run.scheduleId && this.busySchedules.has(run.scheduleId)) continue;
        this.start(run);
        started++;
      }
      // A full page with nothing started means every candidate was a sibling of a started run.
      if (started === 0 || candidates.length < free * 2) return;
    }
  }

  private start(run: Run): void {
    if (run.scheduleId) this.busySchedules.add(run.scheduleId);
    const done = this.executor
      .execute(run)
      .catch((error: unknown) =>
        this.logger.error({ err: error, runId: run.id }, 'scheduler run failed outside the job'),
      )
      .finally(() => {
        this.inFlight.delete(run.id);
        if (run.scheduleId) this.busySchedules.delete(run.scheduleId);
        this.kick();
      });
    this.inFlight.set(run.id, done);
  }

  /**
   * Runs a stopped process left `running` count as a failed attempt, then retry or dead-letter.
   *
   * Embedded mode has one process, so at start-up every `running` row is an orphan. With several
   * replicas on one database (distributed mode) a `running` row may belong to a live replica, so
   * it counts as an orphan only once it is past its own time bound plus a grace (its executor
   * aborts attempts at their timeout); replicas look for such rows every ORPHAN_SWEEP_MS.
   */
  private async recoverInterrupted(): Promise<void> {
    const shared = this.config.mode === 'distributed';
    const now = this.clock.now().getTime();
    this.lastOrphanSweep = now;
    for (const run of await this.runs.orphaned()) {
      if (this.inFlight.has(run.id)) continue;
      if (shared) {
        const bound = (run.timeoutMs ?? this.settings.defaultTimeoutMs) + ORPHAN_GRACE_MS;
        if (!run.startedAt || run.startedAt.getTime() + bound > now) continue;
      }
      await this.executor.failed(run, 'interrupted: the service stopped while this attempt was running', true);
    }
  }
}
