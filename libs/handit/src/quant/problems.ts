/**
 * Input problems reported by the quant engines.
 *
 * The engines never throw framework errors. Validators return a list of problems, each naming the
 * offending field with a JSON-path-like string (`candles[3].high`, `indicators[0].period`), and the
 * compute functions throw a plain {@link QuantInputError} carrying that list when called with input
 * that does not validate, so the caller (the task executor) can map it to `VALIDATION_FAILED`.
 */
export interface Problem {
  /** Path of the offending field, e.g. `candles[3].high`. */
  field: string;
  /** Human-readable explanation. */
  message: string;
}

export class QuantInputError extends Error {
  readonly problems: Problem[];

  constructor(problems: Problem[]) {
    super(
      problems.length === 0
        ? 'invalid input'
        : problems
            .slice(0, 5)
            .map((p) => `${p.field}: ${p.message}`)
            .join('; ') + (problems.length > 5 ? ` (+${problems.length - 5} more)` : ''),
    );
    this.name = 'QuantInputError';
    this.problems = problems;
  }
}

/** Throws a {@link QuantInputError} when `problems` is not empty. */
export function throwIfProblems(problems: Problem[]): void {
  if (problems.length > 0) throw new QuantInputError(problems);
}

/** An engine input's fields, or undefined when the input is not an object (null, an array, a scalar). */
export function inputFields(input: unknown): Record<string, unknown> | undefined {
  return input !== null && typeof input === 'object' && !Array.isArray(input)
    ? (input as Record<string, unknown>)
    : undefined;
}

/** The problems of an input that is not an object: every engine takes one. */
export function notAnObject(): Problem[] {
  return [{ field: 'input', message: 'must be an object' }];
}

/** Small helpers shared by the validators. */
export function isFiniteNumber(v: unknown): v is number {
  return typeof v === 'number' && Number.isFinite(v);
}

export function checkFiniteNumber(
  problems: Problem[],
  value: unknown,
  field: string,
  opts: { min?: number; max?: number; exclusiveMin?: boolean; integer?: boolean; optional?: boolean } = {},
): value is number {
  if (value === undefined || value === null) {
    if (!opts.optional) problems.push({ field, message: 'is required' });
    return false;
  }
  if (!isFiniteNumber(value)) {
    problems.push({ field, message: 'must be a finite number' });
    return false;
  }
  if (opts.integer && !Number.isInteger(value)) {
    problems.push({ field, message: 'must be an integer' });
    return false;
  }
  if (opts.min !== undefined) {
    if (opts.exclusiveMin ? value <= opts.min : value < opts.min) {
      problems.push({ field, message: `must be ${opts.exclusiveMin ? 'greater than' : 'at least'} ${opts.min}` });
      return false;
    }
  }
  if (opts.max !== undefined && value > opts.max) {
    problems.push({ field, message: `must be at most ${opts.max}` });
    return false;
  }
  return true;
}

/** Validates an array of finite numbers; reports at most `maxProblems` element problems. */
export function checkNumberArray(
  problems: Problem[],
  value: unknown,
  field: string,
  opts: { minLength?: number; positive?: boolean; maxMagnitude?: number; maxProblems?: number } = {},
): value is number[] {
  if (!Array.isArray(value)) {
    problems.push({ field, message: 'must be an array of numbers' });
    return false;
  }
  const before = problems.length;
  const max = opts.maxProblems ?? 20;
  for (let i = 0; i < value.length && problems.length - before < max; i++) {
    const v: unknown = value[i];
    if (!isFiniteNumber(v)) problems.push({ field: `${field}[${i}]`, message: 'must be a finite number' });
    else if (opts.positive && v <= 0) problems.push({ field: `${field}[${i}]`, message: 'must be greater than 0' });
    else if (opts.maxMagnitude !== undefined && Math.abs(v) > opts.maxMagnitude) {
      const bound = opts.maxMagnitude.toExponential().replace('e+', 'e');
      problems.push({ field: `${field}[${i}]`, message: `must be within ±${bound}` });
    }
  }
  if (opts.minLength !== undefined && value.length < opts.minLength) {
    problems.push({ field, message: `must have at least ${opts.minLength} values (got ${value.length})` });
  }
  return problems.length === before;
}
