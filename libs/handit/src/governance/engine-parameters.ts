import { OPTION_BOUNDS, validateTradingSignal } from '../quant';
import type { TaskType } from '../tasks/task.types';
import type { VersionParameters } from './governance.types';

type Problem = { field: string; message: string };

/**
 * The parameters a version may set, per task type: the engine's own `options` (trading_signal's
 * RSI, MACD, trend, Bollinger and ATR settings). Other engines take none today.
 */
const PARAMETERISED: Partial<Record<TaskType, (options: Record<string, number>) => Problem[]>> = {
  trading_signal: (options) =>
    // The engine's validation of a request's options, so a version can hold nothing a request could not.
    validateTradingSignal({ options }).filter((p) => p.field.startsWith('options')),
};

/** JSON Schema of a version's parameters for an engine serving `taskTypes` (documented on each version). */
export function parameterSchema(taskTypes: readonly TaskType[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  if (taskTypes.includes('trading_signal')) {
    properties.trading_signal = {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(
        Object.entries(OPTION_BOUNDS).map(([k, b]) => [
          k,
          { type: b.integer ? 'integer' : 'number', minimum: b.min, maximum: b.max },
        ]),
      ),
    };
  }
  return { type: 'object', additionalProperties: false, properties };
}

/** Problems of `parameters` for an engine serving `taskTypes`, named `parameters.<type>.<option>`. */
export function validateEngineParameters(taskTypes: readonly TaskType[], parameters: unknown): Problem[] {
  if (parameters === undefined) return [];
  if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters))
    return [{ field: 'parameters', message: 'must be an object keyed by task type' }];
  const problems: Problem[] = [];
  for (const [type, options] of Object.entries(parameters as Record<string, unknown>)) {
    const check = PARAMETERISED[type as TaskType];
    if (!taskTypes.includes(type as TaskType) || !check) {
      const takes = taskTypes.filter((t) => PARAMETERISED[t]);
      problems.push({
        field: `parameters.${type}`,
        message: `this engine takes parameters for ${takes.length ? takes.join(', ') : 'no task type'}`,
      });
      continue;
    }
    if (typeof options !== 'object' || options === null || Array.isArray(options)) {
      problems.push({ field: `parameters.${type}`, message: 'must be an object of option values' });
      continue;
    }
    for (const p of check(options as Record<string, number>))
      problems.push({ field: `parameters.${type}.${p.field.replace(/^options\.?/, '')}`, message: p.message });
  }
  return problems;
}

/**
 * The input a version's engine runs on: its parameters fill the options the request left out
 * (a request's own options win, as they always have).
 */
export function applyParameters(type: TaskType, input: unknown, parameters: VersionParameters): unknown {
  const defaults = parameters[type];
  if (!defaults || typeof input !== 'object' || input === null || Array.isArray(input)) return input;
  const value = input as Record<string, unknown>;
  const own = typeof value.options === 'object' && value.options !== null ? value.options : {};
  return { ...value, options: { ...defaults, ...own } };
}
