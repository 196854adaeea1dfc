import { Injectable, Optional } from '@nestjs/common';
import { BaseLogger, EventCore, LettaSettings } from '@app/infrastructure';
import { MEMORY_TYPES } from '../memories/memory.types';
import type { RemovalEntry, RemovalReason, SweepReport } from './retention.types';
import { LettaMetrics } from '../letta.metrics';
import { RetentionRepository, type DoomedMemory } from '../persistence/retention.repository';

const BATCH = 500;
// Bounds one run (and the report it keeps in memory); the interval picks up the rest.
const MAX_BATCHES_PER_STEP = 200;
const MAX_AGENTS_PER_TYPE = 1000;
const MAX_REPORT_ENTRIES = 1000;
const DAY_MS = 86_400_000;

/**
 * Applies the retention policy: first memories past their own expiresAt, then per type those
 * older than maxAgeDays (by creation), then per agent and type the excess over maxCount, lowest
 * importance first (ties: least recently accessed, then oldest).
 */
@Injectable()
export class RetentionService {
  private running: Promise<SweepReport> | undefined;
  private last: SweepReport | undefined;
  private readonly logger: BaseLogger;

  constructor(
    private readonly repo: RetentionRepository,
    private readonly settings: LettaSettings,
    private readonly metrics: LettaMetrics,
    logger: BaseLogger,
    @Optional() private readonly events?: EventCore,
  ) {
    this.logger = logger.child({ component: 'letta.retention' });
  }

  get lastReport(): SweepReport | undefined {
    return this.last;
  }

  /** One run at a time: a trigger while the interval's run is going waits for that run. */
  sweep(tenant?: string): Promise<SweepReport> {
    if (this.running && tenant === undefined) return this.running;
    const run = this.metrics.track('sweep', () => this.run(tenant, new Date()));
    if (tenant === undefined) {
      this.running = run;
      void run.finally(() => (this.running = undefined)).catch(() => undefined);
    }
    return run;
  }

  private async run(tenant: string | undefined, now: Date): Promise<SweepReport> {
    const report: SweepReport = {
      startedAt: now,
      finishedAt: now,
      total: 0,
      byReason: { expired: 0, 'max-age': 0, 'over-count': 0 },
      removed: [],
      complete: true,
    };
    const entries = new Map<string, RemovalEntry>();
    const remove = async (doomed: DoomedMemory[], reason: RemovalReason) => {
      await this.repo.deleteIds(doomed.map((d) => d.id));
      this.record(doomed, reason, entries, report);
    };

    report.complete &&= await this.drain(
      () => this.repo.expired(now, tenant, BATCH),
      (d) => remove(d, 'expired'),
    );
    for (const type of MEMORY_TYPES) {
      const rule = this.settings.retention[type];
      if (rule.maxAgeDays > 0) {
        const cutoff = new Date(now.getTime() - rule.maxAgeDays * DAY_MS);
        report.complete &&= await this.drain(
          () => this.repo.olderThan(type, cutoff, tenant, BATCH),
          (d) => remove(d, 'max-age'),
        );
      }
      if (rule.maxCount > 0) {
        const over = await this.repo.overCount(type, rule.maxCount, tenant, MAX_AGENTS_PER_TYPE);
        if (over.length === MAX_AGENTS_PER_TYPE) report.complete = false;
        for (const agent of over) {
          let left = agent.excess;
          for (let b = 0; left > 0 && b < MAX_BATCHES_PER_STEP; b++) {
            const victims = await this.repo.evictionVictims(agent.tenant, agent.agentId, type, Math.min(left, BATCH));
            if (victims.length === 0) break;
            await remove(victims, 'over-count');
            left -= victims.length;
          }
          if (left > 0) report.complete = false;
        }
      }
    }
    report.removed = [...entries.values()];
    report.finishedAt = new Date();
    this.last = report;
    if (report.total > 0)
      this.logger.log(
        { total: report.total, byReason: report.byReason, tenant },
        'memory retention sweep removed memories',
      );
    return report;
  }

  /** Repeats select-then-delete until nothing is left or the batch bound is hit. */
  private async drain(
    select: () => Promise<DoomedMemory[]>,
    remove: (d: DoomedMemory[]) => Promise<void>,
  ): Promise<boolean> {
    for (let b = 0; b < MAX_BATCHES_PER_STEP; b++) {
      const doomed = await select();
      if (doomed.length === 0) return true;
      await remove(doomed);
      if (doomed.length < BATCH) return true;
    }
    return false;
  }

  private record(
    doomed: DoomedMemory[],
    reason: RemovalReason,
    entries: Map<string, RemovalEntry>,
    report: SweepReport,
  ): void {
    const groups = new Map<string, DoomedMemory[]>();
    for (const d of doomed) {
      const key = JSON.stringify([d.tenant, d.agent_id, d.type]);
      groups.set(key, [...(groups.get(key) ?? []), d]);
    }
    for (const [key, list] of groups) {
      const { tenant, agent_id: agentId, type } = list[0];
      this.events?.emit('memory.expired', { tenant, agentId, type, reason, ids: list.map((d) => d.id) });
      const entryKey = `${key}:${reason}`;
      const entry = entries.get(entryKey);
      if (entry) entry.count += list.length;
      else if (entries.size < MAX_REPORT_ENTRIES)
        entries.set(entryKey, { tenant, agentId, type, reason, count: list.length });
      else report.complete = false;
    }
    report.total += doomed.length;
    report.byReason[reason] += doomed.length;
    this.metrics.removed.inc({ reason }, doomed.length);
  }
}
