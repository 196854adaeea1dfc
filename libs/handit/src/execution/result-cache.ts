import { Injectable } from '@nestjs/common';
import { BaseCache, BaseConfig } from '@app/infrastructure';
import { ModelGenerations } from '../generations/model-generations';
import { HanditMetrics } from '../handit.metrics';
import { ModelRegistry } from '../models/model-registry';
import type { ModelOutput } from '../models/specialist-model';
import type { ProgressReporter } from '../quant/progress';
import type { Task } from '../tasks/task.types';
import { resultCacheKey } from './result-cache-key';
import { ByInputText, inputTextDigest } from '../tasks/input-digest';

// The key of an input object, computed once per object: a task accepted on this replica is
// looked up when it is accepted and again when it runs, and canonicalising 500 candles is not free.
const keys = new WeakMap<object, string>();
// And once per input text: a client asking for the same answer again sends the same body.
const keysByText = new ByInputText<string>(10_000);

function keyOf(task: Task): string {
  const { input } = task;
  const memo = typeof input === 'object' && input !== null;
  const known = memo ? keys.get(input) : undefined;
  if (known) return known;
  const key = keysByText.get(
    `${task.modelId}\u0000${task.modelVersion}\u0000${task.type}`,
    inputTextDigest(input),
    () => resultCacheKey(task.modelId, task.modelVersion, task.type, input),
  );
  if (memo) keys.set(input, key);
  return key;
}

/** What a model call produced, and whether it came from the cache (or an identical call in flight). */
export interface ExecutedTask {
  output: ModelOutput;
  cacheHit: boolean;
}

/** Model calls behind the result cache; identical work already running is shared, not repeated. */
@Injectable()
export class ResultCache {
  private readonly inFlight = new Map<string, Promise<ModelOutput>>();

  /** CACHE_TTL_TASK_RESULT_MS: how long a result is kept (0: results are not cached at all). */
  private readonly ttlMs: number;

  constructor(
    private readonly cache: BaseCache,
    private readonly models: ModelRegistry,
    private readonly metrics: HanditMetrics,
    private readonly generations: ModelGenerations,
    config: BaseConfig,
  ) {
    this.ttlMs = config.values.performance.cache.ttls.taskResult;
  }

  /** The cached output for a task that allows the cache, counted as a hit; undefined on a miss (not counted). */
  async peek(task: Task): Promise<ModelOutput | undefined> {
    if (!task.options.cache || this.ttlMs === 0) return undefined;
    const cached = await this.cache.get<ModelOutput>(keyOf(task));
    if (cached !== undefined) this.metrics.cache.inc({ result: 'hit' });
    return cached;
  }

  /** Runs the task's model, or answers from the cache when the task allows it. */
  async execute(task: Task, signal: AbortSignal, progress?: ProgressReporter): Promise<ExecutedTask> {
    const model = this.models.forTask(task.modelId, task.modelVersion);
    // Each real model call is a generation; a cache hit or a shared call in flight is not.
    const invoke = () => this.generations.run(task, model, signal, progress);
    if (!task.options.cache || this.ttlMs === 0) return { output: await invoke(), cacheHit: false };

    const cached = await this.peek(task);
    if (cached !== undefined) return { output: cached, cacheHit: true };
    const key = keyOf(task);
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
      await this.cache.set(key, output, this.ttlMs);
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
