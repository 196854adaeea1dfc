import { Injectable } from '@nestjs/common';
import { BaseCache } from '@app/infrastructure';
import { HanditMetrics } from '../handit.metrics';
import { ModelRegistry } from '../models/model-registry';
import type { ModelOutput } from '../models/specialist-model';
import type { Task } from '../tasks/task.types';
import { resultCacheKey } from './result-cache-key';

/** What a model call produced, and whether it came from the cache (or an identical call in flight). */
export interface ExecutedTask {
  output: ModelOutput;
  cacheHit: boolean;
}

/** Model calls behind the result cache; identical work already running is shared, not repeated. */
@Injectable()
export class ResultCache {
  private readonly inFlight = new Map<string, Promise<ModelOutput>>();

  constructor(
    private readonly cache: BaseCache,
    private readonly models: ModelRegistry,
    private readonly metrics: HanditMetrics,
  ) {}

  /** Runs the task's model, or answers from the cache when the task allows it. */
  async execute(task: Task, signal: AbortSignal): Promise<ExecutedTask> {
    const model = this.models.get(task.modelId);
    const invoke = () => model.execute({ taskId: task.id, type: task.type, input: task.input, signal });
    if (!task.options.cache) return { output: await invoke(), cacheHit: false };

    const key = resultCacheKey(task.modelId, task.modelVersion, task.type, task.input);
    const cached = await this.cache.get<ModelOutput>(key);
    if (cached !== undefined) {
      this.metrics.cache.inc({ result: 'hit' });
      return { output: cached, cacheHit: true };
    }
    const shared = this.inFlight.get(key);
    if (shared) {
      this.metrics.cache.inc({ result: 'coalesced' });
      return { output: await abortable(shared, signal), cacheHit: true };
    }
    this.metrics.cache.inc({ result: 'miss' });
    const execution = invoke();
    this.inFlight.set(key, execution);
    try {
      const output = await execution;
      await this.cache.set(key, output);
      return { output, cacheHit: false };
    } finally {
      this.inFlight.delete(key);
    }
  }
}

/** Waits for a shared execution, but lets this task's own cancel or timeout stop the wait. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}
