import { join } from 'node:path';
import type { OnApplicationShutdown } from '@nestjs/common';
import { Piscina } from 'piscina';
import type { QuantTaskType } from '../quant';
import { TaskExecutionError } from '../tasks/task-errors';
import { QuantExecutor } from './quant-executor';
import runQuantTask, { QuantWorkerResult } from './quant-worker';

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

  async run(type: QuantTaskType, input: unknown, signal: AbortSignal): Promise<unknown> {
    const outcome: QuantWorkerResult = this.pool
      ? await this.pool.run({ type, input }, { signal })
      : runQuantTask({ type, input });
    if (outcome.ok) return outcome.result;
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
