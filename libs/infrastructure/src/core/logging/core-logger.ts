import pino, { Logger as Pino } from 'pino';
import { BaseLogger } from '../../base/base-logger';
import { maskSecrets } from '../redaction/mask-secrets';

export function createPino(level: string, name: string): Pino {
  return pino({
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      // Every structured field goes through the one masking function before it is written.
      log: (object) => maskSecrets(object),
    },
  });
}

/** BaseLogger on pino: JSON lines, secrets masked. Also Nest's logger (context → `context`). */
export class CoreLogger extends BaseLogger {
  constructor(readonly pino: Pino) {
    super();
  }

  log(message: unknown, ...params: unknown[]): void {
    this.write('info', message, params);
  }
  error(message: unknown, ...params: unknown[]): void {
    this.write('error', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.write('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.write('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.write('trace', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.write('fatal', message, params);
  }

  child(bindings: Record<string, unknown>): BaseLogger {
    return new CoreLogger(this.pino.child(bindings));
  }

  /**
   * Nest calls `logger.error(message, stack?, context?)` and `logger.log(message, context?)`;
   * domain code may pass an object of fields. Both shapes end up as one JSON line.
   */
  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    const last = rest[rest.length - 1];
    if (typeof last === 'string' && rest.length >= 1 && (level !== 'error' || rest.length === 2)) {
      fields.context = rest.pop();
    }
    for (const param of rest) {
      if (typeof param === 'string') fields.stack = param;
      else if (param instanceof Error) fields.err = param;
      else if (param && typeof param === 'object') Object.assign(fields, param);
    }
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (message && typeof message === 'object') this.pino[level]({ ...fields, ...(message as object) });
    else this.pino[level](fields, String(message));
  }
}
