import pino, { DestinationStream, Logger as Pino } from 'pino';
import { BaseLogger } from '../../base/base-logger';
import { SecretRedactor } from '../redaction/secret-redactor';

/**
 * The service's pino: ISO times, level labels, and every line redacted. Structured fields go
 * through `redactor.redact` (secret-named fields masked, configured secret values and
 * secret-named `name=value` pairs blanked in every string, errors expanded to type, message,
 * stack and cause); message strings through `redactor.maskText`.
 */
export function createPino(
  level: string,
  name: string,
  redactor: SecretRedactor = new SecretRedactor(),
  destination?: DestinationStream,
): Pino {
  const options: pino.LoggerOptions = {
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: {
      level: (label) => ({ level: label }),
      log: (object) => redactor.redact(object),
    },
    // The log formatter has already turned errors into plain { type, message, stack, cause }.
    serializers: { err: (value: unknown) => value },
    hooks: {
      logMethod(args, method) {
        const masked = args.map((arg) => (typeof arg === 'string' ? redactor.maskText(arg) : arg)) as typeof args;
        method.apply(this, masked);
      },
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** BaseLogger on pino: JSON lines, secrets masked. Also Nest's logger (context → `context`). */
export class CoreLogger extends BaseLogger {
  constructor(
    readonly pino: Pino,
    /** The redactor behind `pino`, for lines written around it (the access log's request URL). */
    readonly redactor: SecretRedactor = new SecretRedactor(),
  ) {
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
    return new CoreLogger(this.pino.child(this.redactor.redact(bindings)), this.redactor);
  }

  /**
   * Two call shapes end up as one JSON line:
   *  - domain code: `log({ fields }, 'message')`;
   *  - Nest: `log('message', context?)` and `error('message', stack?, context?)`.
   */
  private write(level: pino.Level, message: unknown, params: unknown[]): void {
    if (!this.pino.isLevelEnabled(level)) return;
    if (message && typeof message === 'object' && !(message instanceof Error)) {
      const [text, context] = params;
      const fields = typeof context === 'string' ? { ...(message as object), context } : (message as object);
      this.pino[level](fields, typeof text === 'string' ? text : undefined);
      return;
    }
    const fields: Record<string, unknown> = {};
    const rest = [...params];
    const hasContext = typeof rest[rest.length - 1] === 'string' && (level !== 'error' || rest.length === 2);
    if (hasContext) fields.context = rest.pop();
    for (const param of rest) {
      if (typeof param === 'string') fields.stack = param;
      else if (param instanceof Error) fields.err = param;
      else if (param && typeof param === 'object') Object.assign(fields, param);
    }
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else this.pino[level](fields, String(message));
  }
}
