import {
  BeforeApplicationShutdown,
  Injectable,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  Optional,
} from '@nestjs/common';
import { Command, GraphRecursionError } from '@langchain/langgraph';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { BaseConfig, BaseLogger, EventCore, LanggraphSettings } from '@app/infrastructure';
import { WorkflowCheckpointer } from '../checkpoint/workflow-checkpointer';
import { NodeFailure } from '../graph/node-failure';
import { runConfigurable } from '../graph/state';
import { LanggraphMetrics } from '../langgraph.metrics';
import { RunRepository, RunPatch } from '../persistence/run.repository';
import { RunEvents } from './run-events';
import { RunStops, StopReason } from './run-stops';
import { ApprovalDecision, PendingInterrupt, Run, RunError, RunStatus } from './run.types';
import { Semaphore } from './semaphore';
import { ResolvedWorkflow, WorkflowCatalog } from './workflow-catalog';
import type { CompiledWorkflowGraph } from '../graph/graph-types';
import { platformCommand } from '../platform/command';
import { END_OF_ACTIVATION, RunStream } from '../platform/run-stream';
import { streamGraph } from '../platform/stream-run';
import { TenantStores } from '../platform/tenant-store';
import { ThreadStatusSync } from '../platform/thread-status';

export type Activation = { kind: 'start' } | { kind: 'resume'; decision: ApprovalDecision } | { kind: 'recover' };

const tracer = () => trace.getTracer('langgraph');
const SHUTDOWN_GRACE_MS = 5_000;

/**
 * Executes runs on their compiled graphs: one activation per start, resume or recovery, each
 * inside a slot of the run semaphore. The database row is the truth about status; every
 * transition is conditional on the status it leaves, so a cancel racing a finish cannot flip a
 * final run. LangGraph's checkpointer is the truth about progress: an activation after a crash
 * continues from the last checkpoint, and nodes whose writes were saved are not run again.
 */
@Injectable()
export class RunExecutor implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly settings: LanggraphSettings;
  private readonly semaphore: Semaphore;
  /** Activations in this process (waiting for a slot or running); bounded by the semaphore. */
  private readonly active = new Map<string, { controller: AbortController; done: Promise<void> }>();
  private readonly logger: BaseLogger;
  private stopping = false;

  constructor(
    config: BaseConfig,
    logger: BaseLogger,
    private readonly runs: RunRepository,
    private readonly catalog: WorkflowCatalog,
    private readonly events: RunEvents,
    private readonly stops: RunStops,
    private readonly metrics: LanggraphMetrics,
    private readonly checkpointer: WorkflowCheckpointer,
    private readonly stream: RunStream,
    private readonly store: TenantStores,
    private readonly threads: ThreadStatusSync,
    @Optional() private readonly eventCore?: EventCore,
  ) {
    this.settings = config.values.aiComponents.langgraph;
    this.semaphore = new Semaphore(this.settings.runConcurrency, this.settings.maxQueuedRuns);
    this.logger = logger.child({ component: 'langgraph' });
  }

  /** Start-up recovery: runs left queued or running continue from their last checkpoint. */
  async onApplicationBootstrap(): Promise<void> {
    const unfinished = await this.runs.findUnfinished();
    for (const run of unfinished) this.submit(run.id, { kind: 'recover' });
    if (unfinished.length)
      this.logger.log({ runs: unfinished.length }, 'Resuming unfinished workflow runs from their checkpoints');
  }

  /** Stops activations before the database closes; their runs stay `running` for the next start. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const [runId, entry] of this.active) {
      this.stops.set(runId, 'shutdown');
      entry.controller.abort(new Error('shutdown'));
    }
    const all = Promise.allSettled([...this.active.values()].map((a) => a.done));
    await Promise.race([all, new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.checkpointer.close().catch(() => undefined);
  }

  get stats() {
    return { running: this.semaphore.running, waiting: this.semaphore.waiting, capacity: this.settings.runConcurrency };
  }

  /** True when a new run could not even wait for a slot. */
  get full(): boolean {
    return this.semaphore.full;
  }

  isActive(runId: string): boolean {
    return this.active.has(runId);
  }

  submit(runId: string, activation: Activation): void {
    if (this.stopping || this.active.has(runId)) return;
    const controller = new AbortController();
    const done = this.activate(runId, activation, controller).catch((error: Error) =>
      this.logger.error({ runId, err: error.message }, 'Workflow run activation failed unexpectedly'),
    );
    this.active.set(runId, { controller, done });
    void done.finally(() => {
      this.active.delete(runId);
      this.stops.clear(runId);
    });
  }

  /** Starts the first run queued on a Platform thread, if the thread has nothing running. */
  async kickThread(tenant: string, threadId: string): Promise<void> {
    const next = await this.runs.nextQueuedOnThread(tenant, threadId);
    if (next) this.submit(next.id, { kind: 'start' });
  }

  /** Aborts an active activation; false when the run is not active in this process. */
  stop(runId: string, reason: StopReason): boolean {
    const entry = this.active.get(runId);
    if (!entry) return false;
    this.stops.set(runId, reason);
    entry.controller.abort(new Error(reason));
    return true;
  }

  /** Resolves when the run's activation in this process has ended (at once if there is none). */
  async settled(runId: string): Promise<void> {
    await this.active.get(runId)?.done;
  }

  private async activate(runId: string, activation: Activation, controller: AbortController): Promise<void> {
    let release: (() => void) | undefined;
    try {
      release = await this.semaphore.acquire(controller.signal);
    } catch {
      return; // cancelled while waiting for a slot: cancel() already recorded it
    }
    try {
      const run = await this.runs.findById(runId);
      if (!run || (run.status !== 'queued' && run.status !== 'running')) return;
      // One run at a time on a Platform thread: a queued run waits for the one ahead of it, which
      // submits it when it settles (multitask strategies enqueue, interrupt and rollback).
      if (run.threadId && (await this.runs.inflightOnThread(run.tenant, run.threadId))[0]?.id !== run.id) return;
      await this.execute(run, activation, controller);
    } finally {
      release();
    }
  }

  private async execute(run: Run, activation: Activation, controller: AbortController): Promise<void> {
    const began = Date.now();
    const moved = await this.runs.transition(run, ['queued', 'running'], {
      status: 'running',
      startedAt: run.startedAt ?? new Date(began),
      interrupt: null,
    });
    if (!moved) return;
    await this.announce(run, 'running', { activation: activation.kind });
    const remaining = run.timeoutMs - run.elapsedMs;
    const timer = setTimeout(() => this.stop(run.id, 'timeout'), Math.max(0, remaining));
    const span = tracer().startSpan(`workflow.run ${run.workflow}`, {
      attributes: {
        'workflow.run_id': run.id,
        // The run's tenant owns the span: a recovery or queued activation has no request to inherit it from.
        'tenant.id': run.tenant,
        'workflow.name': run.workflow,
        'workflow.version': run.version,
        'workflow.activation': activation.kind,
      },
    });
    const elapsed = () => run.elapsedMs + (Date.now() - began);
    try {
      const resolved = await this.catalog.forRun(run);
      const graph = this.catalog.graph(resolved, run.tenant);
      const platform = run.kwargs ?? null;
      const configurable = {
        ...(platform?.config?.configurable ?? {}),
        ...runConfigurable({
          runId: run.id,
          threadId: run.threadId,
          tenant: run.tenant,
          principalId: run.principalId,
          workflow: run.workflow,
          version: run.version,
          replay: Boolean(run.replayOf),
        }),
      };
      const config: Record<string, unknown> & { configurable: Record<string, unknown> } = {
        configurable,
        signal: controller.signal,
        recursionLimit: platform?.config?.recursion_limit ?? this.catalog.recursionLimit(resolved),
        // Nodes reach the tenant's long-term store through getStore() / config.store.
        store: this.store.forTenant(run.tenant),
      };
      const input = await this.inputFor(run, activation, resolved, graph, config);
      // The run's span is active while the graph runs, so node spans (and their tasks) join its trace.
      const withRunSpan = <T>(work: () => Promise<T>) => context.with(trace.setSpan(context.active(), span), work);
      if (platform) {
        // A fork starts from the asked checkpoint; later activations go on from the branch's head.
        const options: Record<string, unknown> = {
          ...config,
          configurable:
            activation.kind === 'start' && platform.checkpoint_id
              ? { ...configurable, checkpoint_id: platform.checkpoint_id }
              : configurable,
          ...(platform.context ? { context: platform.context } : {}),
          ...(platform.interrupt_before ? { interruptBefore: platform.interrupt_before } : {}),
          ...(platform.interrupt_after ? { interruptAfter: platform.interrupt_after } : {}),
        };
        if (activation.kind !== 'resume') void this.stream.publish(run.id, 'metadata', { run_id: run.id, attempt: 1 });
        try {
          await withRunSpan(() =>
            streamGraph(graph, input, options, platform.stream_mode, platform.stream_subgraphs, (event, data) => {
              void this.stream.publish(run.id, event, data);
            }),
          );
        } catch (error) {
          if (!this.stops.reason(run.id))
            void this.stream.publish(run.id, 'error', {
              error: (error as Error).name,
              message: (error as Error).message,
            });
          throw error;
        }
      } else {
        await withRunSpan(() => graph.invoke(input, config));
      }

      const snapshot = await graph.getState(config);
      const interrupts: PendingInterrupt[] = snapshot.tasks.flatMap((t) =>
        (t.interrupts ?? []).map((i) => ({ node: t.name, id: String(i.id ?? ''), value: i.value })),
      );
      if (interrupts.length) {
        await this.settle(run, ['running'], 'interrupted', {
          interrupt: interrupts,
          elapsedMs: elapsed(),
          currentNode: interrupts[0].node,
        });
        for (const i of interrupts)
          void this.events.emit(run.id, 'interrupt', {
            node: i.node,
            id: i.id,
            request: i.value as Record<string, unknown>,
          });
      } else if (snapshot.next.length === 0) {
        await this.settle(run, ['running'], 'succeeded', {
          output: this.catalog.output(resolved, snapshot.values) ?? null,
          elapsedMs: elapsed(),
          finishedAt: new Date(),
          currentNode: null,
        });
      } else if (run.kwargs) {
        // A Platform run stopped by interrupt_before / interrupt_after: a later run goes on from here.
        await this.settle(run, ['running'], 'interrupted', {
          interrupt: [],
          elapsedMs: elapsed(),
          currentNode: snapshot.next[0] ?? null,
        });
      } else {
        await this.settle(run, ['running'], 'failed', {
          error: {
            code: 'INCOMPLETE',
            message: `The graph stopped with nodes still pending: ${snapshot.next.join(', ')}`,
          },
          elapsedMs: elapsed(),
          finishedAt: new Date(),
        });
      }
    } catch (error) {
      const reason = this.stops.reason(run.id);
      span.recordException(error as Error);
      span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
      if (reason === 'shutdown') {
        await this.runs.update(run, { elapsedMs: elapsed() }).catch(() => undefined);
        return;
      }
      if (reason === 'cancel') {
        await this.settle(run, ['running'], 'cancelled', {
          elapsedMs: elapsed(),
          finishedAt: new Date(),
          error: { code: 'CANCELLED', message: 'Cancelled by request' },
        });
        return;
      }
      const failure = NodeFailure.from(error);
      if (failure.code === 'HALTED') {
        // A kill switch stopped it before a node: it waits, and goes on from its checkpoint on resume.
        const held = { node: failure.node ?? 'unknown', id: 'halt', value: failure.details };
        const patch = { interrupt: [held], elapsedMs: elapsed(), currentNode: held.node };
        await this.settle(run, ['running'], 'interrupted', patch);
        const request = failure.details as Record<string, unknown>;
        void this.events.emit(run.id, 'interrupt', { node: held.node, id: held.id, request });
        return;
      }
      const runError: RunError =
        reason === 'timeout'
          ? { code: 'TIMEOUT', message: `The run exceeded its timeout of ${run.timeoutMs} ms` }
          : error instanceof GraphRecursionError
            ? { code: 'CYCLE_LIMIT_EXCEEDED', message: error.message }
            : NodeFailure.from(error).toRunError(NodeFailure.from(error).node ?? 'unknown');
      await this.settle(run, ['running'], 'failed', { error: runError, elapsedMs: elapsed(), finishedAt: new Date() });
    } finally {
      clearTimeout(timer);
      span.end();
      if (run.kwargs) await this.afterPlatformActivation(run);
    }
  }

  /** The graph's input for an activation: the run's input, a resume, or null to go on from a checkpoint. */
  private async inputFor(
    run: Run,
    activation: Activation,
    resolved: ResolvedWorkflow,
    graph: CompiledWorkflowGraph,
    config: Record<string, unknown>,
  ): Promise<unknown> {
    if (activation.kind === 'resume') return new Command({ resume: activation.decision });
    if (activation.kind === 'recover') {
      const state = await graph.getState(config);
      const waiting = state.tasks.some((task) => (task.interrupts ?? []).length > 0);
      // Recovery of a run whose resume was accepted but not yet taken by the graph (it still
      // waits at the interrupt): resume with the stored decision, not back to interrupted.
      if (waiting && run.pendingDecision) return new Command({ resume: run.pendingDecision });
      // A Platform thread holds earlier runs' checkpoints: this run has begun only once its own is there.
      const begun = run.kwargs
        ? (state.metadata as Record<string, unknown> | undefined)?.run_id === run.id
        : Boolean(state.config.configurable?.checkpoint_id);
      if (begun) return null;
    }
    const platform = run.kwargs;
    if (!platform) return this.catalog.graphInput(resolved, run.input);
    if (platform.command) return platformCommand(platform.command);
    return platform.input == null ? null : this.catalog.graphInput(resolved, platform.input);
  }

  /**
   * After a Platform run's activation: its readers learn it ended and the next run queued on the
   * thread starts (the thread's status moved with the run in settle()).
   */
  private async afterPlatformActivation(run: Run): Promise<void> {
    await this.stream.publish(run.id, END_OF_ACTIVATION, null);
    try {
      const next = run.threadId ? await this.runs.nextQueuedOnThread(run.tenant, run.threadId) : null;
      if (next && !this.stopping) this.submit(next.id, { kind: 'start' });
    } catch (error) {
      this.logger.warn({ runId: run.id, err: (error as Error).message }, 'Could not start the next run of a thread');
    }
  }

  /** A conditional status change, then its event, metric and EventCore notification. */
  async settle(run: Run, from: RunStatus[], status: RunStatus, patch: RunPatch): Promise<boolean> {
    // Settling means the graph has taken any pending decision (or the run is over).
    const moved = await this.runs.transition(run, from, { ...patch, status, pendingDecision: null });
    if (!moved) return false;
    // A Platform thread's status follows its run before anyone waiting on the run is woken.
    if (run.threadId && run.kwargs)
      await this.threads
        .afterRun(run)
        .catch((error: Error) =>
          this.logger.warn({ runId: run.id, err: error.message }, 'Could not update a run’s thread'),
        );
    await this.announce(run, status, patch.error ? { error: patch.error } : {});
    if (status === 'succeeded' || status === 'failed' || status === 'cancelled') {
      this.metrics.runDuration.observe({ workflow: run.workflow, status }, (patch.elapsedMs ?? run.elapsedMs) / 1000);
    }
    return true;
  }

  private async announce(run: Run, status: RunStatus, extra: Record<string, unknown>): Promise<void> {
    this.metrics.runs.inc({ workflow: run.workflow, status });
    const at = new Date().toISOString();
    void this.events.emit(run.id, 'run', { status, at, ...extra });
    if (status === 'succeeded' || status === 'failed' || status === 'cancelled')
      void this.events.emit(run.id, 'done', { status, at });
    this.eventCore?.emit('workflow.run.status', {
      runId: run.id,
      tenant: run.tenant,
      workflow: run.workflow,
      version: run.version,
      status,
      at,
    });
    await this.events.flushed(run.id);
  }
}
