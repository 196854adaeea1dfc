import { join } from 'node:path';
import { MessageChannel } from 'node:worker_threads';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import { jsonSourceOf, parseWithJsonText } from '@app/infrastructure';
import { reportsProgress, type ProgressReporter, type QuantTaskType } from '../quant';
import { TaskExecutionError } from '../tasks/task-errors';
import { QuantExecutor } from './quant-executor';
import runQuantTask, { PROGRESS_POST_INTERVAL_MS, QuantWorkerResult } from './quant-worker';
import { throttleProgress } from '../progress/progress-throttle';

/** How long a finished task waits for the progress reports its worker posted before the result. */
const PROGRESS_DRAIN_MS = 500;

/**
 * Quant engines on worker threads (piscina), so a 20,000-candle analysis never blocks the event
 * loop that answers HTTP. Aborting a task terminates the thread running it, which is what makes
 * cancellation and timeouts preemptive. With 0 threads the engines run inline (tests only).
 */
export class PiscinaQuantExecutor extends QuantExecutor implements OnApplicationShutdown {
  private readonly pool?: Piscina;

  constructor(threads: number) {
    super();
    if (threads <= 0) return;
    const fromSource = __filename.endsWith('.ts');
    this.pool = new Piscina({
      filename: join(__dirname, fromSource ? 'quant-worker.ts' : 'quant-worker.js'),
      minThreads: 1,
      maxThreads: threads,
      idleTimeout: 60_000,
      // Under Jest/ts-node the worker loads the TypeScript source through ts-node; the built
      // service runs the compiled JavaScript.
      execArgv: fromSource ? ['-r', 'ts-node/register/transpile-only'] : [],
      env: fromSource
        ? { ...process.env, TS_NODE_PROJECT: join(__dirname, '../../../../tsconfig.ts-node.json') }
        : process.env,
    });
  }

  async run(type: QuantTaskType, input: unknown, signal: AbortSignal, progress?: ProgressReporter): Promise<unknown> {
    // A channel only for work that reports: the common small task pays nothing for progress.
    const listens = progress !== undefined && reportsProgress(type, input);
    const inputJson = jsonSourceOf(input);
    const task = inputJson === undefined ? { type, input } : { type, inputJson };
    let outcome: QuantWorkerResult;
    if (!this.pool) {
      outcome = runQuantTask(task, listens ? throttleProgress(progress, PROGRESS_POST_INTERVAL_MS) : undefined);
    } else if (!listens) {
      outcome = await this.pool.run(task, { signal });
    } else {
      const { port1, port2 } = new MessageChannel();
      port1.on('message', progress);
      const closed = new Promise<void>((resolve) => port1.once('close', resolve));
      try {
        outcome = await this.pool.run({ ...task, progress: port2 }, { signal, transferList: [port2] });
        await drained(closed);
      } finally {
        port1.close();
      }
    }
    // Parsed once here for whoever reads the result; its text is kept for the row and the response.
    if (outcome.ok) return parseWithJsonText(outcome.json);
    const details = outcome.code === 'VALIDATION_FAILED' ? { fields: outcome.problems } : outcome.details;
    throw new TaskExecutionError(outcome.code, outcome.message, false, details);
  }

  get threads(): number {
    return this.pool?.threads.length ?? 0;
  }

  /** Nest calls this on the provider instance; attempts still on a thread end as aborted. */
  async onApplicationShutdown(): Promise<void> {
    await this.pool?.destroy();
  }
}

/** Waits (briefly) for the worker's port to close, so the last report arrives before the result is settled. */
async function drained(closed: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([closed, new Promise<void>((resolve) => (timer = setTimeout(resolve, PROGRESS_DRAIN_MS)))]);
  clearTimeout(timer);
}
