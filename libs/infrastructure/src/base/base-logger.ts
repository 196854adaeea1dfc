import { LoggerService } from '@nestjs/common';

/** Structured logging contract. Also a Nest LoggerService, so the framework logs through it. */
export abstract class BaseLogger implements LoggerService {
  abstract log(message: unknown, ...optionalParams: unknown[]): void;
  abstract error(message: unknown, ...optionalParams: unknown[]): void;
  abstract warn(message: unknown, ...optionalParams: unknown[]): void;
  abstract debug(message: unknown, ...optionalParams: unknown[]): void;
  abstract verbose(message: unknown, ...optionalParams: unknown[]): void;
  abstract fatal(message: unknown, ...optionalParams: unknown[]): void;
  /** A logger whose every line carries these fields (e.g. `{ component: 'handit' }`). */
  abstract child(bindings: Record<string, unknown>): BaseLogger;
}
