import { Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BaseLogger } from '../base/base-logger';
import { AuditSettings } from '../core/config/schema/security.schema';
import { AuditLog, AuditPruneResult } from './audit-log.service';

const DAY_MS = 24 * 3600 * 1000;
const SWEEP_INTERVAL_MS = 3600 * 1000;
// The first pass waits for start-up to settle rather than competing with recovery work.
const FIRST_SWEEP_DELAY_MS = 60 * 1000;

/** Prunes audit entries older than `retentionDays`, hourly, on every replica (passes are idempotent). */
@Injectable()
export class AuditRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: AuditSettings,
    private readonly log: AuditLog,
    private readonly logger: BaseLogger,
  ) {}

  onApplicationBootstrap(): void {
    if (this.settings.retentionDays === 0) return;
    this.timer = setTimeout(() => void this.sweepAndReschedule(), FIRST_SWEEP_DELAY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** One retention pass; also what the hourly timer runs. */
  async sweep(now: Date = new Date()): Promise<AuditPruneResult> {
    const cutoff = new Date(now.getTime() - this.settings.retentionDays * DAY_MS);
    const result = await this.log.prune(cutoff);
    if (result.deleted > 0) this.logger.log({ ...result, cutoff }, 'Audit trail: pruned entries past retention');
    return result;
  }

  private async sweepAndReschedule(): Promise<void> {
    try {
      await this.sweep();
    } catch (error) {
      this.logger.error({ err: error }, 'Audit trail: retention pass failed');
    }
    if (this.timer === null) return;
    this.timer = setTimeout(() => void this.sweepAndReschedule(), SWEEP_INTERVAL_MS);
    this.timer.unref();
  }
}
