import { Injectable } from '@nestjs/common';
import { isGraphInterrupt } from '@langchain/langgraph';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';
import { context, SpanStatusCode, trace } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { BaseConfig } from '@app/infrastructure';
import { HaltGuard } from '../halt/halt-guard';
import { LanggraphMetrics } from '../langgraph.metrics';
import { RunEvents } from '../runs/run-events';
import { RunStops } from '../runs/run-stops';
import { RunNodeRepository, type RunNodePatch } from '../persistence/run-node.repository';
import { RunRepository } from '../persistence/run.repository';
import { NodeFailure } from './node-failure';
import { RunRef, runRefOf, WorkflowStateUpdate } from './state';

/** This process's id: a node row still `running` under another boot id was cut off by a crash. */
export const BOOT_ID = randomUUID();

const tracer = () => trace.getTracer('langgraph');

/** What a node's body gets besides the state. */
export interface NodeContext {
  run: RunRef;
  key: string;
  nodeId: string;
  /** 1-based execution count of this node key (retries and crash re-runs included). */
  attempt: number;
  visit: number;
  /** Bumped after a failed task so the next attempt submits a new Handit task (see task executor). */
  generation: number;
  /** Aborted on the node's timeout, the run's cancellation or timeout, and shutdown. */
  signal: AbortSignal;
  bumpGeneration(): Promise<number>;
  recordTask(taskId: string): Promise<void>;
  /**
   * A `custom` event in the run's stream, tagged with this node's key (LangGraph's stream mode of
   * that name): progress a node reports, e.g. `{ kind: 'progress', fraction, message }`.
   */
  emitCustom(data: Record<string, unknown>): void;
}

export interface NodeSpec<S> {
  id: string;
  kind: string;
  timeoutMs?: number;
  maxVisits?: number;
  /** Key of one instance of a fan-out node (LangGraph Send), e.g. `scan[2]`. */
  keyOf?: (state: S) => string;
}

export type NodeBody<S> = (state: S, ctx: NodeContext) => Promise<unknown> | unknown;

/**
 * Wraps a node body with what every node needs and LangGraph does not keep for us: a durable
 * node record (status, attempts, timings, output, error) for GET /runs/:id, run events for the
 * SSE stream, a span, a duration metric, a per-attempt timeout, the visit bound of cycles, and
 * the kill switch (a halted tenant's node does not start: HALTED).
 * The body's return value becomes `outputs[key]`.
 */
@Injectable()
export class NodeRuntime {
  private readonly defaultTimeoutMs: number;

  constructor(
    config: BaseConfig,
    private readonly runs: RunRepository,
    private readonly nodes: RunNodeRepository,
    private readonly events: RunEvents,
    private readonly metrics: LanggraphMetrics,
    private readonly stops: RunStops,
    private readonly halts: HaltGuard,
  ) {
    this.defaultTimeoutMs = config.values.aiComponents.langgraph.nodeTimeoutMs;
  }

  wrap<S extends { visits?: Record<string, number> }>(spec: NodeSpec<S>, body: NodeBody<S>) {
    return async (state: S, config: LangGraphRunnableConfig): Promise<WorkflowStateUpdate> => {
      const run = runRefOf(config);
      const key = spec.keyOf ? spec.keyOf(state) : spec.id;
      // A kill switch interrupts the run before its next node starts (the run executor records it).
      const halt = await this.halts.holding(run.tenant);
      if (halt) {
        const held = new NodeFailure('HALTED', HaltGuard.describe(halt), false, HaltGuard.interruptOf(halt));
        held.node = key;
        throw held;
      }
      const visit = (state.visits?.[key] ?? 0) + 1;
      const existing = await this.nodes.find(run.runId, key);
      // Re-entering an approval after resume is the same attempt; a crash re-run or a retry is a new one.
      const attempt = existing?.status === 'waiting' ? existing.attempts : (existing?.attempts ?? 0) + 1;
      const started = new Date();
      let generation = existing?.generation ?? 0;
      const taskIds = [...(existing?.taskIds ?? [])];
      if (existing) {
        await this.nodes.update(run.runId, key, {
          status: 'running',
          attempts: attempt,
          visits: visit,
          bootId: BOOT_ID,
          attemptStartedAt: started,
          finishedAt: null,
        });
      } else {
        await this.nodes.insert({
          runId: run.runId,
          key,
          nodeId: spec.id,
          kind: spec.kind,
          status: 'running',
          attempts: attempt,
          visits: visit,
          generation,
          bootId: BOOT_ID,
          startedAt: started,
          attemptStartedAt: started,
          finishedAt: null,
          output: null,
          error: null,
          taskIds,
        });
      }
      await this.runs.update({ tenant: run.tenant, id: run.runId }, { currentNode: key });
      void this.events.emit(run.runId, 'node.started', {
        node: key,
        kind: spec.kind,
        attempt,
        at: started.toISOString(),
      });

      const controller = new AbortController();
      const onOuterAbort = () =>
        controller.abort(
          this.stops.reason(run.runId) === 'shutdown'
            ? new NodeFailure(
                'SHUTDOWN',
                'The service is shutting down; the run resumes from its last checkpoint at the next start',
                false,
              )
            : new NodeFailure('CANCELLED', `The run was stopped (${this.stops.reason(run.runId) ?? 'aborted'})`, false),
        );
      if (config.signal?.aborted) onOuterAbort();
      config.signal?.addEventListener('abort', onOuterAbort, { once: true });
      const timeoutMs = spec.timeoutMs ?? this.defaultTimeoutMs;
      const timer = setTimeout(
        () => controller.abort(new NodeFailure('TIMEOUT', `Node ${key} exceeded its timeout of ${timeoutMs} ms`, true)),
        timeoutMs,
      );
      const aborted = new Promise<never>((_, reject) =>
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true }),
      );
      aborted.catch(() => undefined);

      const span = tracer().startSpan(`workflow.node ${spec.id}`, {
        attributes: {
          'workflow.run_id': run.runId,
          'tenant.id': run.tenant,
          'workflow.name': run.workflow,
          'workflow.node': key,
          'workflow.node.kind': spec.kind,
          'workflow.node.attempt': attempt,
        },
      });
      const ctx: NodeContext = {
        run,
        key,
        nodeId: spec.id,
        attempt,
        visit,
        get generation() {
          return generation;
        },
        signal: controller.signal,
        bumpGeneration: async () => {
          generation += 1;
          await this.nodes.update(run.runId, key, { generation });
          return generation;
        },
        emitCustom: (data) => void this.events.emit(run.runId, 'custom', { ...data, node: key }),
        recordTask: async (taskId) => {
          if (taskIds.includes(taskId)) return;
          taskIds.push(taskId);
          await this.nodes.update(run.runId, key, { taskIds });
        },
      };
      /** The attempt's end: stored on the node row and observed in the duration histogram; answers when. */
      const finish = async (status: 'succeeded' | 'failed', patch: RunNodePatch): Promise<Date> => {
        const finished = new Date();
        await this.nodes.update(run.runId, key, { status, finishedAt: finished, ...patch });
        this.metrics.nodeDuration.observe(
          { workflow: run.workflow, node: spec.id, status },
          (finished.getTime() - started.getTime()) / 1000,
        );
        return finished;
      };
      try {
        if (spec.maxVisits !== undefined && visit > spec.maxVisits) {
          throw new NodeFailure(
            'CYCLE_LIMIT_EXCEEDED',
            `Node ${key} was entered ${visit} times; its maxVisits is ${spec.maxVisits}`,
            false,
          );
        }
        // The node's span is active in its body, so the tasks it queues (and their generations) are its children.
        const active = trace.setSpan(context.active(), span);
        const output = await Promise.race([
          context.with(active, () => Promise.resolve().then(() => body(state, ctx))),
          aborted,
        ]);
        const finished = await finish('succeeded', { output: output ?? null, error: null });
        void this.events.emit(run.runId, 'node.finished', {
          node: key,
          attempt,
          durationMs: finished.getTime() - started.getTime(),
          at: finished.toISOString(),
        });
        span.end();
        return { outputs: { [key]: output ?? null }, visits: { [key]: visit } };
      } catch (error) {
        if (isGraphInterrupt(error)) {
          await this.nodes.update(run.runId, key, { status: 'waiting' });
          span.setAttribute('workflow.node.interrupted', true);
          span.end();
          throw error;
        }
        const failure = NodeFailure.from(error);
        failure.node = key;
        const finished = await finish('failed', { error: failure.toRunError(key) });
        void this.events.emit(run.runId, 'node.failed', {
          node: key,
          attempt,
          error: { code: failure.code, message: failure.message },
          at: finished.toISOString(),
        });
        span.recordException(failure);
        span.setStatus({ code: SpanStatusCode.ERROR, message: failure.message });
        span.end();
        throw failure;
      } finally {
        clearTimeout(timer);
        config.signal?.removeEventListener('abort', onOuterAbort);
      }
    };
  }
}
