import { BeforeApplicationShutdown, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { BaseLogger } from '../base/base-logger';
import { AuditSettings } from '../core/config/schema/security.schema';
import { AuditLog } from './audit-log.service';
import type { AuditLogEntryInput } from './audit-log.types';
import { AuditMetrics } from './audit.metrics';

/** The action of the entry that records how many entries a full queue dropped. */
export const AUDIT_DROPPED_ACTION = 'audit.dropped';
const MAX_RETRY_DELAY_MS = 5000;

/**
 * Takes audit entries off the request path: `enqueue` only pushes to a bounded in-memory queue;
 * a batch is appended to the chain within `flushIntervalMs` (at once when `batchMaxEntries` are
 * waiting), one transaction per batch. A full queue drops the entry and counts it; the next batch
 * carries an `audit.dropped` entry with the count and the time span. A failed append is retried
 * with backoff, entries kept in order. What a crash can lose: the entries still queued, i.e. at
 * most the last `flushIntervalMs` of requests (more while the database is failing).
 */
@Injectable()
export class AuditWriter implements BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly queue: AuditLogEntryInput[] = [];
  private dropped = 0;
  private droppedSince: Date | null = null;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private retryDelayMs = 0;
  private closed = false;
  private lateEntries = 0;

  constructor(
    private readonly settings: AuditSettings,
    private readonly log: AuditLog,
    private readonly metrics: AuditMetrics,
    private readonly logger: BaseLogger,
  ) {}

  get enabled(): boolean {
    return this.settings.enabled;
  }

  /** Entries waiting to be written. */
  get pending(): number {
    return this.queue.length;
  }

  /** Queues an entry; false when it was dropped (queue full, or the writer already closed). */
  enqueue(entry: AuditLogEntryInput): boolean {
    if (!this.settings.enabled) return false;
    if (!entry.action || !entry.outcome) throw new TypeError('audit entries need an action and an outcome');
    if (this.closed) {
      this.lateEntries += 1;
      return false;
    }
    if (this.queue.length >= this.settings.queueMaxEntries) {
      this.dropped += 1;
      this.droppedSince ??= new Date();
      this.metrics.dropped.inc();
      return false;
    }
    this.queue.push(entry);
    this.metrics.queueDepth.set(this.queue.length);
    this.schedule(this.queue.length >= this.settings.batchMaxEntries ? 0 : this.settings.flushIntervalMs);
    return true;
  }

  /** Writes everything queued so far; resolves once it is written or an append failed. */
  async flush(): Promise<void> {
    while (this.running) await this.running;
    if (this.queue.length === 0 && this.dropped === 0) return;
    this.clearTimer();
    this.running = this.writeAll().finally(() => {
      this.running = null;
      if (this.queue.length > 0 || this.dropped > 0) this.schedule(this.retryDelayMs);
    });
    await this.running;
  }

  /** The HTTP server is closed and drained by now: write what is left while the database is open. */
  async beforeApplicationShutdown(): Promise<void> {
    this.clearTimer();
    await this.flush();
    this.closed = true;
    this.clearTimer();
  }

  onApplicationShutdown(): void {
    const lost = this.queue.length + this.dropped + this.lateEntries;
    if (lost > 0) this.logger.warn({ lost }, 'Audit trail: entries not written before shutdown');
  }

  private schedule(delayMs: number): void {
    // A running flush schedules the next one when it ends.
    if (this.running || this.closed) return;
    if (this.timer && delayMs > 0) return;
    this.clearTimer();
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, delayMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private async writeAll(): Promise<void> {
    while (this.queue.length > 0 || this.dropped > 0) {
      const batch = this.queue.slice(0, this.settings.batchMaxEntries);
      const droppedCount = this.dropped;
      const entries = droppedCount > 0 ? [...batch, this.droppedEntry(droppedCount)] : batch;
      const started = performance.now();
      try {
        const written = await this.log.append(entries);
        this.metrics.headSeq.set(written[written.length - 1].seq);
      } catch (error) {
        this.metrics.failures.inc();
        this.retryDelayMs = Math.min(Math.max(this.retryDelayMs * 2, 100), MAX_RETRY_DELAY_MS);
        this.logger.error(
          { err: error, entries: entries.length, retryInMs: this.retryDelayMs },
          'Audit trail: append failed; retrying',
        );
        return;
      }
      this.retryDelayMs = 0;
      this.metrics.flushSeconds.observe((performance.now() - started) / 1000);
      this.metrics.written.inc(entries.length);
      // Entries queued meanwhile were pushed behind the batch, and drops counted on top of it.
      this.queue.splice(0, batch.length);
      this.dropped -= droppedCount;
      if (this.dropped === 0) this.droppedSince = null;
      this.metrics.queueDepth.set(this.queue.length);
    }
  }

  private droppedEntry(count: number): AuditLogEntryInput {
    return {
      action: AUDIT_DROPPED_ACTION,
      outcome: 'failure',
      details: {
        count,
        since: (this.droppedSince ?? new Date()).toISOString(),
        until: new Date().toISOString(),
        queueMaxEntries: this.settings.queueMaxEntries,
      },
    };
  }
}
