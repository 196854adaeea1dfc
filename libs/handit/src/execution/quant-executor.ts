import type { QuantTaskType } from '../quant';
import type { ProgressReporter } from '../quant/progress';

/** Runs a quant engine somewhere (worker thread or main thread); cancellable via the signal. */
export abstract class QuantExecutor {
  /** `progress` hears the engine's reports (throttled) when given and the engine reports for the input. */
  abstract run(type: QuantTaskType, input: unknown, signal: AbortSignal, progress?: ProgressReporter): Promise<unknown>;
}
