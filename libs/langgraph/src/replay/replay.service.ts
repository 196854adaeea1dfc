import { Injectable } from '@nestjs/common';
import { AppError, newId, type Page } from '@app/infrastructure';
import { ModelRegistry } from '@app/handit';
import { runConfigurable } from '../graph/state';
import { HaltService } from '../halt/halt.service';
import { RunNodeRepository } from '../persistence/run-node.repository';
import { RunRepository } from '../persistence/run.repository';
import { RunEvents } from '../runs/run-events';
import { RunExecutor } from '../runs/run-executor';
import { isFinalRun, type Run, type RunNode } from '../runs/run.types';
import { WorkflowCatalog, type ResolvedWorkflow } from '../runs/workflow-catalog';
import { compareValues } from './run-diff';
import { REPLAY_IGNORED_KEYS, type NodeDiff, type ReplayDiff } from './replay.types';

/** Most differences listed per compared value. */
const MAX_DIFFERENCES = 50;

/** Who asks for a replay. */
export interface ReplayCaller {
  tenant: string;
  principalId: string | null;
}

/**
 * Replays: a finished run re-run from its first checkpoint (the input the graph started from) with
 * the same workflow definition version, on a thread of its own so the original's checkpoints stay
 * as they were. Every task is recomputed (no result cache), and a model whose version changed since
 * is refused (409), so a replay says whether the same code on the same data gives the same answer.
 * With another `input`, it says what that change does, node by node.
 */
@Injectable()
export class ReplayService {
  constructor(
    private readonly catalog: WorkflowCatalog,
    private readonly runs: RunRepository,
    private readonly nodes: RunNodeRepository,
    private readonly executor: RunExecutor,
    private readonly events: RunEvents,
    private readonly halts: HaltService,
    private readonly models: ModelRegistry,
  ) {}

  async replay(caller: ReplayCaller, runId: string, options: { input?: Record<string, unknown> } = {}): Promise<Run> {
    const original = await this.find(caller.tenant, runId);
    if (!isFinalRun(original.status)) {
      throw new AppError('CONFLICT', `Run ${runId} is ${original.status}; only a finished run can be replayed`, {
        status: original.status,
      });
    }
    await this.halts.assertNotHalted(caller.tenant);
    const resolved = await this.catalog.forRun(original);
    if (options.input !== undefined) this.catalog.validateInput(resolved, options.input);
    this.assertSameModels(await this.nodes.list(original.id));
    const input = options.input ?? (await this.firstCheckpointInput(original, resolved)) ?? original.input;
    if (this.executor.full) {
      throw new AppError('QUEUE_FULL', 'Too many workflow runs are waiting to start', undefined, {
        'Retry-After': '5',
      });
    }
    const now = new Date();
    const run: Run = {
      ...original,
      id: newId(),
      principalId: caller.principalId,
      threadKey: null,
      status: 'queued',
      input,
      output: null,
      error: null,
      interrupt: null,
      pendingDecision: null,
      currentNode: null,
      elapsedMs: 0,
      createdAt: now,
      startedAt: null,
      updatedAt: now,
      finishedAt: null,
      replayOf: original.id,
    };
    await this.runs.insert(run);
    await this.events.emit(run.id, 'run', {
      status: 'queued',
      at: now.toISOString(),
      workflow: run.workflow,
      version: run.version,
      replayOf: original.id,
    });
    this.executor.submit(run.id, { kind: 'start' });
    return run;
  }

  async list(tenant: string, runId: string, page: { limit?: number; cursor?: string }): Promise<Page<Run>> {
    await this.find(tenant, runId);
    return this.runs.listReplays(tenant, runId, page);
  }

  async diff(tenant: string, runId: string, replayId: string, tolerance: number): Promise<ReplayDiff> {
    const original = await this.find(tenant, runId);
    const replay = await this.runs.find(tenant, replayId);
    if (!replay || replay.replayOf !== original.id) throw AppError.notFound('replay', replayId);
    if (!isFinalRun(replay.status)) {
      throw new AppError('CONFLICT', `Replay ${replayId} is ${replay.status}; its diff is ready once it finishes`, {
        status: replay.status,
      });
    }
    const options = { tolerance, ignoredKeys: new Set(REPLAY_IGNORED_KEYS), maxDifferences: MAX_DIFFERENCES };
    const before = await this.nodes.list(original.id);
    const after = new Map((await this.nodes.list(replay.id)).map((node) => [node.key, node]));
    const nodes: NodeDiff[] = before.map((node) => {
      const other = after.get(node.key);
      after.delete(node.key);
      if (!other)
        return {
          node: node.key,
          verdict: 'missing_in_replay',
          originalStatus: node.status,
          replayStatus: null,
          comparison: null,
        };
      const comparison = compareValues(
        { status: node.status, output: node.output, error: node.error?.code ?? null },
        { status: other.status, output: other.output, error: other.error?.code ?? null },
        options,
      );
      return {
        node: node.key,
        verdict: comparison.verdict,
        originalStatus: node.status,
        replayStatus: other.status,
        comparison,
      };
    });
    for (const node of after.values())
      nodes.push({
        node: node.key,
        verdict: 'missing_in_original',
        originalStatus: null,
        replayStatus: node.status,
        comparison: null,
      });
    const output = compareValues(original.output, replay.output, options);
    const summary = { equal: 0, within_tolerance: 0, different: 0, missing_in_replay: 0, missing_in_original: 0 };
    for (const node of nodes) summary[node.verdict] += 1;
    return {
      runId: original.id,
      replayId: replay.id,
      replayStatus: replay.status,
      tolerance,
      ignoredKeys: REPLAY_IGNORED_KEYS,
      identical:
        output.verdict !== 'different' && nodes.every((n) => n.verdict === 'equal' || n.verdict === 'within_tolerance'),
      summary,
      input: compareValues(original.input, replay.input, options),
      output,
      nodes,
    };
  }

  private async find(tenant: string, id: string): Promise<Run> {
    const run = await this.runs.find(tenant, id);
    if (!run) throw AppError.notFound('run', id);
    return run;
  }

  /** The input of the run's first checkpoint (LangGraph's `input` step): what its graph started from. */
  private async firstCheckpointInput(
    run: Run,
    resolved: ResolvedWorkflow,
  ): Promise<Record<string, unknown> | undefined> {
    const graph = this.catalog.graph(resolved, run.tenant);
    const config = {
      configurable: runConfigurable({
        runId: run.id,
        tenant: run.tenant,
        principalId: run.principalId,
        workflow: run.workflow,
        version: run.version,
      }),
    };
    let first: Record<string, unknown> | undefined;
    // History is newest first: the last one seen is the first checkpoint.
    for await (const snapshot of graph.getStateHistory(config)) {
      const input = (snapshot.values as { input?: Record<string, unknown> } | undefined)?.input;
      if (input !== undefined) first = input;
    }
    return first;
  }

  /** A task node's model must still be at the version the original ran: otherwise the replay proves nothing. */
  private assertSameModels(nodes: RunNode[]): void {
    const changed: { node: string; model: string; ran: string; now: string | null }[] = [];
    for (const node of nodes) {
      const model = (node.output as { model?: { id?: unknown; version?: unknown } } | null)?.model;
      if (typeof model?.id !== 'string' || typeof model.version !== 'string') continue;
      const now = this.models.find(model.id)?.describe().version ?? null;
      if (now !== model.version) changed.push({ node: node.key, model: model.id, ran: model.version, now });
    }
    if (changed.length) {
      const first = changed[0];
      throw new AppError(
        'CONFLICT',
        `Model ${first.model} ran at version ${first.ran} in node ${first.node} and is now ${first.now ?? 'gone'}; ` +
          'the replay would not use the same model versions',
        { models: changed },
      );
    }
  }
}
