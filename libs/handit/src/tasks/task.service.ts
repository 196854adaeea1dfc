import { Injectable } from '@nestjs/common';
import { context, propagation, trace } from '@opentelemetry/api';
import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import { AppError, HanditSettings, jsonSourceOf, newId, Page, withJsonText } from '@app/infrastructure';
import { DataQualityService } from '../data-quality/data-quality.service';
import { TaskLineageService } from '../lineage/task-lineage.service';
import { ModelRegistry } from '../models/model-registry';
import { EngineVersionModel } from '../governance/versioned-model';
import { HanditMetrics } from '../handit.metrics';
import type { TaskProgressListener } from '../progress/task-progress.types';
import { QUANT_TASK_ENGINES, QUANT_TASK_TYPES, QuantTaskType } from '../quant';
import { TaskEvents, TaskStatusEvent } from '../execution/task-events';
import { ResultCache } from '../execution/result-cache';
import { answeredFromCache, TaskOutcomes } from '../execution/task-outcomes';
import { TaskRunner } from '../execution/task-runner';
import { TaskRepository } from '../persistence/task.repository';
import { isFinal, Priority, Task, TaskListQuery, TaskType } from './task.types';

export interface CreateTaskRequest {
  tenant: string;
  principalId: string | null;
  type: TaskType;
  model?: string;
  priority?: Priority;
  input: unknown;
  options?: { timeoutMs?: number; maxAttempts?: number; cache?: boolean };
  idempotencyKey?: string;
  /** Request headers a sticky routing rule may hash (lower-case names). */
  headers?: Readonly<Record<string, string | string[] | undefined>>;
}

export interface CreateTaskResult {
  task: Task;
  /** True when an earlier request with the same Idempotency-Key created it. */
  replayed: boolean;
}

/** Accepting, finding, listing and cancelling tasks for one tenant at a time. */
@Injectable()
export class TaskService {
  constructor(
    private readonly settings: HanditSettings,
    private readonly repository: TaskRepository,
    private readonly models: ModelRegistry,
    private readonly runner: TaskRunner,
    private readonly events: TaskEvents,
    private readonly dataQuality: DataQualityService,
    private readonly lineage: TaskLineageService,
    private readonly results: ResultCache,
    private readonly outcomes: TaskOutcomes,
    private readonly metrics: HanditMetrics,
  ) {}

  /**
   * Validates and routes the task, writes it to the database, then queues it. By the time this
   * resolves the task is durable, so the 202 that follows is a promise the service can keep.
   */
  async create(request: CreateTaskRequest, options: { waitMs?: number } = {}): Promise<CreateTaskResult> {
    const requestHash = request.idempotencyKey ? hashRequest(request) : null;
    if (request.idempotencyKey) {
      const existing = await this.repository.findByIdempotencyKey(request.tenant, request.idempotencyKey);
      if (existing) return this.replayed(existing, requestHash, options.waitMs);
    }

    const routed = this.models.route({
      type: request.type,
      model: request.model,
      assetClass: fieldOf(request.input, 'assetClass'),
      symbol: fieldOf(request.input, 'symbol'),
      tenant: request.tenant,
      headers: request.headers,
    });
    const model = routed.model;
    const descriptor = model.describe();
    if (routed.fallbackFrom)
      this.metrics.routedFallback.inc({ model: routed.modelId, from: routed.fallbackFrom, to: routed.version });
    // Candle data is checked (and, unless the policy rejects it, sorted and de-duplicated) first.
    const checked = await this.dataQuality.check(request.tenant, model.prepareInput(request.type, request.input));
    const input = checked.input;
    const problems = [...model.validateInput(request.type, input)];
    // The type's input contract holds whoever computes it (an external model gets valid input too).
    if (QUANT_TASK_TYPES.includes(request.type as QuantTaskType)) {
      const engine = QUANT_TASK_ENGINES[request.type as QuantTaskType];
      const field = (name: string) => `input.${name}`.replace(/^input\.input/, 'input');
      // Checked as the version's engine will run it: its parameters filled in.
      const runs = model instanceof EngineVersionModel ? model.engineInput(request.type, input) : input;
      problems.push(...engine.validate(runs).map((p) => ({ field: field(p.field), message: p.message })));
    }
    // A rejected data problem and the engine's complaint about the same field (a duplicate time) are one problem.
    const rejectedFields = new Set(checked.rejected.map((p) => p.field));
    const all = [...checked.rejected, ...problems.filter((p) => !rejectedFields.has(p.field))];
    if (all.length) throw AppError.validation(all.slice(0, 50));
    // Serialised at most once: the row, the worker's copy and the result cache's lookup all use this
    // text, or the request's own text of the input when the input is the body's, as is.
    if (typeof input === 'object' && input !== null && jsonSourceOf(input) === undefined) {
      withJsonText(input, JSON.stringify(input));
    }

    const now = new Date();
    const carrier: Record<string, string> = {};
    propagation.inject(context.active(), carrier);
    const task: Task = {
      id: newId(),
      tenant: request.tenant,
      principalId: request.principalId,
      type: request.type,
      modelId: routed.modelId,
      modelVersion: routed.version,
      priority: request.priority ?? 'normal',
      status: 'queued',
      input,
      options: {
        timeoutMs: request.options?.timeoutMs ?? this.settings.defaultTimeoutMs,
        maxAttempts: request.options?.maxAttempts ?? this.settings.defaultMaxAttempts,
        cache: request.options?.cache ?? true,
      },
      result: null,
      error: null,
      attempts: 0,
      cacheHit: false,
      usage: null,
      idempotencyKey: request.idempotencyKey ?? null,
      traceId: trace.getActiveSpan()?.spanContext().traceId ?? null,
      traceParent: carrier.traceparent ?? null,
      createdAt: now,
      availableAt: now,
      startedAt: null,
      finishedAt: null,
    };
    if (task.options.timeoutMs > this.settings.maxTimeoutMs) {
      throw AppError.validation([
        { field: 'options.timeoutMs', message: `must not be greater than ${this.settings.maxTimeoutMs}` },
      ]);
    }
    // A ?wait caller whose answer is in the result cache gets it now: no queue, worker or second write.
    const cached = options.waitMs ? await this.results.peek(task) : undefined;
    const answered = cached && answeredFromCache(task, cached, now);
    if (!answered) this.refuseWhenQueueFull();
    const { lineage, store } = this.lineage.describe(task, descriptor, checked.report);
    try {
      await this.repository.insert({ ...(answered ?? task), requestHash, finished: answered }, store);
    } catch (err) {
      // Two requests with one Idempotency-Key raced: the unique index let one through.
      if (request.idempotencyKey && /unique|duplicate/i.test((err as Error).message)) {
        const existing = await this.repository.findByIdempotencyKey(request.tenant, request.idempotencyKey);
        if (existing) return this.replayed(existing, requestHash, options.waitMs);
      }
      throw err;
    }
    this.events.created(task);
    const accepted: Task = { ...(answered ?? task), lineageDigest: lineage.digest, dataQuality: checked.report };
    if (answered) {
      this.outcomes.answered(answered);
      return { task: accepted, replayed: false };
    }
    if (!options.waitMs) {
      await this.runner.submit(task);
      return { task: accepted, replayed: false };
    }
    // Listening before the task is queued: a cache hit can finish before submit() returns.
    const final = this.untilFinal(task.id, options.waitMs);
    await this.runner.submit(task).catch((err: unknown) => {
      final.cancel();
      throw err;
    });
    const finished = await final.promise;
    if (finished)
      return {
        task: { ...finished, lineageDigest: accepted.lineageDigest, dataQuality: accepted.dataQuality },
        replayed: false,
      };
    return { task: await this.get(request.tenant, task.id, { withInput: false }), replayed: false };
  }

  /** QUEUE_FULL (retry after 5 s) once the queue holds HANDIT_MAX_QUEUE_DEPTH tasks. */
  private refuseWhenQueueFull(): void {
    if (this.runner.depth >= this.settings.maxQueueDepth) {
      throw new AppError(
        'QUEUE_FULL',
        `The task queue holds ${this.runner.depth} tasks, its maximum`,
        { maxQueueDepth: this.settings.maxQueueDepth },
        { 'Retry-After': '5' },
      );
    }
  }

  /** A task of the tenant with its lineage digest and data checks (404 for another tenant's). */
  async get(tenant: string, id: string, options: { withInput?: boolean } = {}): Promise<Task> {
    const task = await this.repository.findForTenant(tenant, id, options);
    if (!task) throw AppError.notFound('task', id);
    const lineage = await this.lineage.find(tenant, id);
    return { ...task, lineageDigest: lineage?.digest ?? null, dataQuality: lineage?.dataQuality ?? null };
  }

  list(query: TaskListQuery): Promise<Page<Task>> {
    return this.repository.list(query);
  }

  /** Cancels a queued or running task; a finished one (whatever its final status) is a 409. */
  async cancel(tenant: string, id: string): Promise<Task> {
    const task = await this.get(tenant, id, { withInput: false });
    if (isFinal(task.status) || !(await this.runner.cancel(task))) {
      const current = isFinal(task.status) ? task : await this.get(tenant, id, { withInput: false });
      throw new AppError(
        'CONFLICT',
        `Task ${id} is already ${current.status}; only queued or running tasks can be cancelled`,
        { status: current.status },
      );
    }
    return this.get(tenant, id, { withInput: false });
  }

  /** Resolves with the task once it is final, or as it is when `ms` runs out. */
  async waitForFinal(tenant: string, id: string, ms: number): Promise<Task> {
    const final = this.untilFinal(id, ms);
    const current = await this.get(tenant, id, { withInput: false }).catch((err: unknown) => {
      final.cancel();
      throw err;
    });
    if (isFinal(current.status) || ms <= 0) {
      final.cancel();
      return current;
    }
    const finished = await final.promise;
    if (finished) return { ...finished, lineageDigest: current.lineageDigest, dataQuality: current.dataQuality };
    return this.get(tenant, id, { withInput: false });
  }

  /**
   * The task once a final status is heard, within `ms` (capped by HANDIT_MAX_WAIT_MS): the finished
   * task itself when it finished on this replica, `null` when it finished elsewhere (read the row),
   * `undefined` when time ran out. `cancel` stops listening early.
   */
  private untilFinal(id: string, ms: number): { promise: Promise<Task | null | undefined>; cancel: () => void } {
    const bounded = Math.min(Math.max(0, ms), this.settings.maxWaitMs);
    let done: (value: Task | null | undefined) => void = () => {};
    const promise = new Promise<Task | null | undefined>((resolve) => (done = resolve));
    const timer = setTimeout(() => settle(undefined), bounded);
    const unsubscribe = this.events.subscribe(id, (event, final) => {
      if (isFinal(event.status)) settle(final ?? null);
    });
    function settle(value: Task | null | undefined): void {
      clearTimeout(timer);
      unsubscribe();
      done(value);
    }
    return { promise, cancel: () => settle(undefined) };
  }

  /** Status events of one task, for the SSE stream; the caller unsubscribes when done. */
  subscribe(id: string, listener: (event: TaskStatusEvent) => void): () => void {
    return this.events.subscribe(id, listener);
  }

  /** Progress reports of one task (SSE `progress` events, a workflow run's custom events). */
  subscribeProgress(id: string, listener: TaskProgressListener): () => void {
    return this.events.subscribeProgress(id, listener);
  }

  private async replayed(
    existing: { task: Task; requestHash: string | null },
    requestHash: string | null,
    waitMs = 0,
  ): Promise<CreateTaskResult> {
    if (existing.requestHash !== requestHash) {
      throw new AppError('CONFLICT', 'This Idempotency-Key was already used with a different request body', {
        taskId: existing.task.id,
      });
    }
    const { tenant, id } = existing.task;
    const task = waitMs ? await this.waitForFinal(tenant, id, waitMs) : await this.get(tenant, id);
    return { task, replayed: true };
  }
}

function fieldOf(input: unknown, name: string): unknown {
  return typeof input === 'object' && input !== null ? (input as Record<string, unknown>)[name] : undefined;
}

/** What "the same request" means for Idempotency-Key: type, model, priority, input and options. */
function hashRequest(request: CreateTaskRequest): string {
  const canonical = stableStringify({
    t: request.type,
    m: request.model ?? null,
    p: request.priority ?? null,
    i: request.input,
    o: request.options ?? null,
  });
  return createHash('sha256').update(canonical).digest('hex');
}
