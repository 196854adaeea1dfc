import { isDependencyOutage } from '@app/infrastructure';

export interface DurableWriteOptions {
  /** True once the replica is shutting down: the write is given up (the row stays for the next owner). */
  stopped: () => boolean;
  /** Called before each wait, with the error and the number of the attempt that failed. */
  onRetry: (err: unknown, attempt: number) => void;
  /** Longest the writes are retried in all; a database away for longer fails the write. */
  giveUpAfterMs?: number;
  firstDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

const DEFAULTS = { giveUpAfterMs: 300_000, firstDelayMs: 250, maxDelayMs: 5000 };

/**
 * Runs a row write again while the database is unreachable (dropped connections, a restart, a
 * failover), with exponential waits, until it lands. Used for the outcome of an attempt that has
 * already run: redoing the work (a second provider call) would be the only other way to record it.
 * Any other error, a shutdown, or an outage longer than `giveUpAfterMs` is thrown at once.
 */
export async function durableWrite<T>(write: () => Promise<T>, options: DurableWriteOptions): Promise<T> {
  const { giveUpAfterMs, firstDelayMs, maxDelayMs } = { ...DEFAULTS, ...options };
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = options.now ?? Date.now;
  const started = now();
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (err) {
      if (!isDependencyOutage(err) || options.stopped() || now() - started >= giveUpAfterMs) throw err;
      options.onRetry(err, attempt);
      await sleep(Math.min(maxDelayMs, firstDelayMs * 2 ** (attempt - 1)));
    }
  }
}
