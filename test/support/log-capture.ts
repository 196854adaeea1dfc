import type { INestApplication } from '@nestjs/common';
import pino from 'pino';
import { BaseLogger, CoreLogger } from '@app/infrastructure';

export interface LogCapture {
  /** Every JSON line written since capture started, parsed. */
  readonly lines: Record<string, unknown>[];
  /** The raw text of every line, to assert what must never appear anywhere. */
  text(): string;
  /** Lines carrying this request id (as `requestId` or the access log's `req.id`). */
  forRequest(requestId: string): Record<string, unknown>[];
}

/**
 * Sends the app's log lines (the one pino instance and every child made from it, the access log's
 * included) to memory from now on, at `level`. Apps under test start with LOG_LEVEL=silent, so
 * nothing is lost before the capture starts that a test could want.
 */
export function captureLogs(app: INestApplication, level: pino.Level = 'info'): LogCapture {
  const logger = app.get(BaseLogger);
  if (!(logger instanceof CoreLogger)) throw new Error('the app does not log through CoreLogger');
  const raw: string[] = [];
  const lines: Record<string, unknown>[] = [];
  const sink = {
    write(line: string) {
      raw.push(line);
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  // Children are prototype-linked to the root pino, so the root's stream and level serve them all.
  (logger.pino as unknown as Record<symbol, unknown>)[pino.symbols.streamSym] = sink;
  logger.pino.level = level;
  return {
    lines,
    text: () => raw.join(''),
    forRequest: (id) => lines.filter((l) => l.requestId === id || (l.req as { id?: string } | undefined)?.id === id),
  };
}
