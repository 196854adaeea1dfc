import type { BaseLogger } from '@app/infrastructure';

/**
 * ioredis and BullMQ emit an error per reconnect attempt while Redis is down; one line per
 * source and interval says the same without flooding the log.
 */
export function throttledErrorLog(logger: BaseLogger, source: string, intervalMs = 10_000): (err: Error) => void {
  let last = 0;
  let suppressed = 0;
  return (err: Error) => {
    const now = Date.now();
    if (now - last < intervalMs) {
      suppressed++;
      return;
    }
    logger.warn({ err: { message: err.message, code: (err as { code?: string }).code }, source, suppressed }, 'Redis connection problem');
    last = now;
    suppressed = 0;
  };
}
