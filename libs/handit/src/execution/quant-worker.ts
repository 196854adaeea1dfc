import { QUANT_TASK_ENGINES, QuantInputError, QuantTaskType } from '../quant';
import type { MessagePort } from 'node:worker_threads';
import { findNonFinite, NonFiniteReport } from '../quant/finite-result';
import type { ProgressReporter } from '../quant/progress';
import { throttleProgress } from '../progress/progress-throttle';

/** At most this often a worker posts progress to the main thread (the completion always goes). */
export const PROGRESS_POST_INTERVAL_MS = 100;

export interface QuantWorkerTask {
  type: QuantTaskType;
  /** The input's JSON text when the main thread has it: copying a string is cheaper than cloning 500 candles. */
  inputJson?: string;
  input?: unknown;
  /** Where the engine's progress goes, when the caller listens (transferred to the worker). */
  progress?: MessagePort;
}

export type QuantWorkerResult =
  /** The result as JSON text: stored and sent as is, so the main thread never stringifies it. */
  | { ok: true; json: string }
  | { ok: false; code: 'VALIDATION_FAILED'; problems: { field: string; message: string }[]; message: string }
  | { ok: false; code: 'NUMERIC_OVERFLOW'; message: string; details: NonFiniteReport };

/**
 * The worker-thread entry point (piscina calls the default export). Input errors come back as
 * data, because Error subclasses lose their fields crossing the thread boundary. A result holding
 * NaN or ±Infinity is a failure, never a success whose numbers turn into `null` in JSON. The result
 * goes back as JSON text, made here rather than on the main thread that answers HTTP.
 */
export default function runQuantTask(task: QuantWorkerTask, inline?: ProgressReporter): QuantWorkerResult {
  const port = task.progress;
  const progress =
    inline ?? (port ? throttleProgress((report) => port.postMessage(report), PROGRESS_POST_INTERVAL_MS) : undefined);
  let result: unknown;
  try {
    const input: unknown = task.inputJson === undefined ? task.input : JSON.parse(task.inputJson);
    result = QUANT_TASK_ENGINES[task.type].run(input, progress);
  } catch (err) {
    if (!(err instanceof QuantInputError)) throw err;
    return { ok: false, code: 'VALIDATION_FAILED', problems: err.problems, message: err.message };
  } finally {
    // Closing tells the main thread that every report has been posted.
    port?.close();
  }
  const overflow = findNonFinite(result);
  if (overflow.count === 0) return { ok: true, json: JSON.stringify(result) };
  const shown = overflow.outputs.slice(0, 5).join(', ') + (overflow.outputs.length > 5 ? ', …' : '');
  const message =
    `The computation overflowed: ${overflow.count} value(s) are not finite numbers (${shown}); ` +
    `the input's magnitudes are beyond what ${task.type} can compute`;
  return { ok: false, code: 'NUMERIC_OVERFLOW', message, details: overflow };
}
