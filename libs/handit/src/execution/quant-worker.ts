import { QUANT_TASK_ENGINES, QuantInputError, QuantTaskType } from '../quant';

export interface QuantWorkerTask {
  type: QuantTaskType;
  input: unknown;
}

export type QuantWorkerResult =
  | { ok: true; result: unknown }
  | { ok: false; problems: { field: string; message: string }[]; message: string };

/**
 * The worker-thread entry point (piscina calls the default export). Input errors come back as
 * data, because Error subclasses lose their fields crossing the thread boundary.
 */
export default function runQuantTask(task: QuantWorkerTask): QuantWorkerResult {
  try {
    return { ok: true, result: QUANT_TASK_ENGINES[task.type].run(task.input) };
  } catch (err) {
    if (err instanceof QuantInputError) return { ok: false, problems: err.problems, message: err.message };
    throw err;
  }
}
