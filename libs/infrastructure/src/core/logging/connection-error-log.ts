import type { LoggerService } from '@nestjs/common';

/** The part of a logger a connection's error listener needs: BaseLogger, or a Nest Logger. */
export type ErrorLogSink = Pick<LoggerService, 'warn'>;

export interface ConnectionErrorLogOptions {
  /** The log line's message, e.g. 'Redis connection problem'. */
  message?: string;
  /** At most one line per source and interval; the others are counted in the next line. */
  intervalMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

const DEFAULT_INTERVAL_MS = 10_000;

/**
 * An 'error' listener for a connection or pool (ioredis, BullMQ, pg): clients emit one error per
 * reconnect attempt while their server is down, so this logs one warning per source and interval
 * through the service logger (pino), with how many it left out, instead of a flood or a raw stack.
 */
export function throttledErrorLog(
  logger: ErrorLogSink,
  source: string,
  options: ConnectionErrorLogOptions = {},
): (err: Error) => void {
  const message = options.message ?? 'Redis connection problem';
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const now = options.now ?? Date.now;
  let last = Number.NEGATIVE_INFINITY;
  let suppressed = 0;
  return (err: Error) => {
    const at = now();
    if (at - last < intervalMs) {
      suppressed++;
      return;
    }
    const code = (err as { code?: string } | undefined)?.code;
    logger.warn({ source, err: err?.message ?? String(err), code, suppressed }, message);
    last = at;
    suppressed = 0;
  };
}
