import { BaseLogger } from '../base/base-logger';
import type { AuditSettings } from '../core/config/config.schema';
import { CorePerformance } from '../core/metrics/core-performance';
import type { AuditLog } from './audit-log.service';
import type { AuditLogEntry, AuditLogEntryInput } from './audit-log.types';
import { AuditMetrics } from './audit.metrics';
import { AUDIT_DROPPED_ACTION, AuditWriter } from './audit-writer';

/** An AuditLog that stores appends in memory and can be made to fail. */
class FakeLog {
  batches: AuditLogEntryInput[][] = [];
  failNext = 0;
  async append(entries: readonly AuditLogEntryInput[]): Promise<AuditLogEntry[]> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('database unavailable');
    }
    this.batches.push([...entries]);
    const seq = this.batches.flat().length;
    return entries.map((e, i) => ({ ...e, seq: seq - entries.length + i + 1 }) as unknown as AuditLogEntry);
  }
  get actions(): string[] {
    return this.batches.flat().map((e) => e.action);
  }
}

const noop = () => undefined;
const quietLogger = {
  log: noop,
  warn: noop,
  error: noop,
  debug: noop,
  verbose: noop,
  fatal: noop,
  child: () => quietLogger,
} as unknown as BaseLogger;

function writer(settings: Partial<AuditSettings> = {}) {
  const log = new FakeLog();
  const performance = new CorePerformance({ defaultMetrics: false });
  const metrics = new AuditMetrics(performance);
  const defaults = { enabled: true, retentionDays: 0, flushIntervalMs: 5, batchMaxEntries: 3, queueMaxEntries: 5 };
  const full: AuditSettings = { ...defaults, ...settings };
  return { log, metrics, writer: new AuditWriter(full, log as unknown as AuditLog, metrics, quietLogger) };
}

const entry = (action: string): AuditLogEntryInput => ({ action, outcome: 'success' });
type Series = { get(): Promise<{ values: Array<{ value: number }> }> };
const metric = async (series: Series) => (await series.get()).values[0]?.value ?? 0;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('AuditWriter', () => {
  it('writes queued entries within the flush interval, in order, in batches of at most batchMaxEntries', async () => {
    const { log, writer: w } = writer({ flushIntervalMs: 20 });
    for (const a of ['a', 'b', 'c', 'd']) w.enqueue(entry(a));
    expect(log.batches).toEqual([]);
    await sleep(60);
    expect(log.actions).toEqual(['a', 'b', 'c', 'd']);
    expect(log.batches.map((b) => b.length)).toEqual([3, 1]);
  });

  it('drops entries beyond the queue bound, counts them, and records how many in an audit.dropped entry', async () => {
    const { log, metrics, writer: w } = writer({ flushIntervalMs: 10_000, batchMaxEntries: 100, queueMaxEntries: 2 });
    const accepted = ['a', 'b', 'c', 'd'].map((action) => w.enqueue(entry(action)));
    expect(accepted).toEqual([true, true, false, false]);
    expect(await metric(metrics.dropped)).toBe(2);
    await w.flush();
    expect(log.actions).toEqual(['a', 'b', AUDIT_DROPPED_ACTION]);
    expect(log.batches[0][2]).toMatchObject({
      outcome: 'failure',
      details: { count: 2, since: expect.any(String), until: expect.any(String) },
    });
    expect(await metric(metrics.written)).toBe(3);
    w.enqueue(entry('e'));
    await w.flush();
    expect(log.actions).toEqual(['a', 'b', AUDIT_DROPPED_ACTION, 'e']);
  });

  it('keeps entries in order through a failed append and retries it', async () => {
    const { log, metrics, writer: w } = writer({ flushIntervalMs: 10_000 });
    log.failNext = 1;
    w.enqueue(entry('a'));
    w.enqueue(entry('b'));
    await w.flush();
    expect(log.actions).toEqual([]);
    expect(w.pending).toBe(2);
    expect(await metric(metrics.failures)).toBe(1);
    w.enqueue(entry('c'));
    await sleep(250); // the retry is scheduled after a backoff of 100 ms
    expect(log.actions).toEqual(['a', 'b', 'c']);
    expect(await metric(metrics.queueDepth)).toBe(0);
  });

  it('writes what is left at shutdown and refuses entries after that', async () => {
    const { log, writer: w } = writer({ flushIntervalMs: 10_000 });
    w.enqueue(entry('last'));
    await w.beforeApplicationShutdown();
    expect(log.actions).toEqual(['last']);
    expect(w.enqueue(entry('late'))).toBe(false);
  });

  it('does nothing when the audit trail is disabled', async () => {
    const { log, writer: w } = writer({ enabled: false });
    expect(w.enqueue(entry('a'))).toBe(false);
    await w.flush();
    expect(log.batches).toEqual([]);
  });
});
