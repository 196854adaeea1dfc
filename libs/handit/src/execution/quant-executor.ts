import type { QuantTaskType } from '../quant';

/** Runs a quant engine somewhere (worker thread or main thread); cancellable via the signal. */
export abstract class QuantExecutor {
  abstract run(type: QuantTaskType, input: unknown, signal: AbortSignal): Promise<unknown>;
}
