import { Injectable } from '@nestjs/common';
import { AppError, BaseConfig, LanggraphSettings, newId, Page } from '@app/infrastructure';
import { runConfigurable } from '../graph/state';
import { heldByHalt, HaltService } from '../halt/halt.service';
import { RunNodeRepository } from '../persistence/run-node.repository';
import { RunListQuery, RunRepository } from '../persistence/run.repository';
import { WorkflowRepository } from '../persistence/workflow.repository';
import { RunEvents } from './run-events';
import { RunExecutor } from './run-executor';
import { ApprovalDecision, isFinalRun, Run, RunEvent, RunNode } from './run.types';
import { WorkflowCatalog } from './workflow-catalog';
import type { StoredWorkflow, WorkflowSummary } from './workflow.types';

export interface ExecuteRequest {
  tenant: string;
  principalId: string | null;
  /** A template or registered name, or an inline definition. */
  workflow: string | Record<string, unknown>;
  version?: number;
  input: Record<string, unknown>;
  timeoutMs?: number;
  /** Client's key: executing again with it returns the run it created. */
  threadId?: string;
}

export interface CheckpointView {
  checkpointId: string;
  parentCheckpointId: string | null;
  step: number | null;
  source: string | null;
  createdAt: string | null;
  next: string[];
  completedNodes: string[];
  /** Nodes whose outputs first appear in this checkpoint. */
  writes: string[];
  outputs: Record<string, unknown>;
}

const SETTLED = new Set(['interrupted', 'succeeded', 'failed', 'cancelled']);

/** Workflows and runs for one tenant at a time: what the HTTP API and the scheduler job call. */
@Injectable()
export class WorkflowService {
  private readonly settings: LanggraphSettings;

  constructor(
    config: BaseConfig,
    private readonly catalog: WorkflowCatalog,
    private readonly workflows: WorkflowRepository,
    private readonly runs: RunRepository,
    private readonly nodes: RunNodeRepository,
    private readonly executor: RunExecutor,
    private readonly events: RunEvents,
    private readonly halts: HaltService,
  ) {
    this.settings = config.values.aiComponents.langgraph;
  }

  /** Templates and the tenant's registered workflows, each with its active run counts. */
  async listWorkflows(tenant: string): Promise<WorkflowSummary[]> {
    const [registered, active] = await Promise.all([this.workflows.listLatest(tenant), this.runs.activeCounts(tenant)]);
    const counts = (name: string) => active.get(name) ?? { queued: 0, running: 0, interrupted: 0 };
    const total = (name: string) => Object.values(counts(name)).reduce((a, b) => a + b, 0);
    return [
      ...this.catalog.templates().map((t) => ({
        name: t.name,
        kind: 'template' as const,
        version: t.version,
        versions: [t.version],
        description: t.description,
        steps: t.steps,
        inputSchema: t.inputSchema,
        example: t.example,
        output: t.output,
        activeRuns: total(t.name),
        runs: counts(t.name),
      })),
      ...registered.map((w) => ({
        name: w.name,
        kind: 'registered' as const,
        version: w.version,
        versions: w.versions,
        description: w.description,
        inputSchema: w.definition.inputSchema ?? null,
        definition: w.definition,
        createdAt: w.createdAt.toISOString(),
        activeRuns: total(w.name),
        runs: counts(w.name),
      })),
    ];
  }

  register(tenant: string, principalId: string | null, definition: unknown): Promise<StoredWorkflow> {
    return this.catalog.register(tenant, principalId, definition);
  }

  async getWorkflow(tenant: string, name: string, version?: number): Promise<StoredWorkflow> {
    const stored = await this.workflows.find(tenant, name, version);
    if (!stored) throw AppError.notFound('workflow', version === undefined ? name : `${name}@${version}`);
    return stored;
  }

  /** Validates, stores the run (queued), starts it; the run is durable before this resolves. */
  async execute(request: ExecuteRequest): Promise<{ run: Run; replayed: boolean }> {
    if (request.threadId) {
      const existing = await this.runs.findByThread(request.tenant, request.threadId);
      if (existing) return this.replay(existing, request);
    }
    // A kill switch refuses new runs (409); running ones stop before their next node.
    await this.halts.assertNotHalted(request.tenant);
    const resolved = await this.catalog.resolve(request.tenant, request.workflow, request.version);
    this.catalog.validateInput(resolved, request.input);
    const timeoutMs = request.timeoutMs ?? this.settings.runTimeoutMs;
    if (timeoutMs > this.settings.maxRunTimeoutMs)
      throw AppError.validation([
        { field: 'timeoutMs', message: `must not be greater than ${this.settings.maxRunTimeoutMs}` },
      ]);
    if (this.executor.full)
      throw new AppError(
        'QUEUE_FULL',
        `${this.settings.maxQueuedRuns} workflow runs are already waiting to start`,
        undefined,
        { 'Retry-After': '5' },
      );
    const now = new Date();
    const run: Run = {
      id: newId(),
      tenant: request.tenant,
      principalId: request.principalId,
      workflow: resolved.name,
      version: resolved.version,
      source: resolved.source,
      definition: resolved.source === 'inline' ? resolved.definition : null,
      threadKey: request.threadId ?? null,
      status: 'queued',
      input: request.input,
      output: null,
      error: null,
      interrupt: null,
      pendingDecision: null,
      currentNode: null,
      timeoutMs,
      elapsedMs: 0,
      createdAt: now,
      startedAt: null,
      updatedAt: now,
      finishedAt: null,
    };
    try {
      await this.runs.insert(run);
    } catch (error) {
      if (request.threadId && /unique|duplicate/i.test((error as Error).message)) {
        const existing = await this.runs.findByThread(request.tenant, request.threadId);
        if (existing) return this.replay(existing, request);
      }
      throw error;
    }
    await this.events.emit(run.id, 'run', {
      status: 'queued',
      at: now.toISOString(),
      workflow: run.workflow,
      version: run.version,
    });
    this.executor.submit(run.id, { kind: 'start' });
    return { run, replayed: false };
  }

  async get(tenant: string, id: string): Promise<Run> {
    const run = await this.runs.find(tenant, id);
    if (!run) throw AppError.notFound('run', id);
    return run;
  }

  async getWithNodes(tenant: string, id: string): Promise<{ run: Run; nodes: RunNode[] }> {
    const run = await this.get(tenant, id);
    return { run, nodes: await this.nodes.list(id) };
  }

  list(query: RunListQuery): Promise<Page<Run>> {
    return this.runs.list(query);
  }

  /**
   * Answers an interrupt; 409 unless the run is waiting for one, and while a kill switch holds the
   * tenant. A run a halt interrupted (the halt since lifted) goes on from its checkpoint. Approving
   * a risk gate whose request has a price band needs the current price of each of its symbols.
   */
  async resume(tenant: string, id: string, decision: ApprovalDecision): Promise<Run> {
    const run = await this.get(tenant, id);
    if (run.status === 'interrupted') await this.halts.assertNotHalted(tenant);
    if (heldByHalt(run)) {
      await this.halts.continueRun(run);
      return this.get(tenant, id);
    }
    checkRiskDecision(run, decision);
    // The decision is stored with the status change: if the process dies before the graph takes
    // it, recovery resumes with it instead of asking the human again.
    const moved =
      run.status === 'interrupted' &&
      (await this.runs.transition(run, ['interrupted'], { status: 'queued', pendingDecision: decision }));
    if (!moved) {
      const current = await this.get(tenant, id);
      throw new AppError(
        'CONFLICT',
        `Run ${id} is ${current.status}, not waiting for a decision; only interrupted runs can be resumed`,
        { status: current.status },
      );
    }
    await this.events.emit(id, 'run', { status: 'queued', at: new Date().toISOString(), resumedWith: decision });
    this.executor.submit(id, { kind: 'resume', decision });
    return this.get(tenant, id);
  }

  /** Queued or interrupted: cancelled at once. Running: its activation is aborted. Final: 409. */
  async cancel(tenant: string, id: string): Promise<Run> {
    const run = await this.get(tenant, id);
    if (isFinalRun(run.status))
      throw new AppError('CONFLICT', `Run ${id} is already ${run.status}`, { status: run.status });
    if (run.status === 'queued' || run.status === 'interrupted') {
      const done = await this.executor.settle(run, [run.status], 'cancelled', {
        finishedAt: new Date(),
        error: { code: 'CANCELLED', message: 'Cancelled by request' },
        interrupt: null,
      });
      if (done) {
        this.executor.stop(id, 'cancel');
        return this.get(tenant, id);
      }
    } else if (this.executor.stop(id, 'cancel')) {
      await this.executor.settled(id);
    } else {
      // Running, but not in this process (another replica, or a stale row): record the cancel.
      await this.executor.settle(run, ['running'], 'cancelled', {
        finishedAt: new Date(),
        error: { code: 'CANCELLED', message: 'Cancelled by request' },
      });
    }
    const current = await this.get(tenant, id);
    if (current.status !== 'cancelled')
      throw new AppError('CONFLICT', `Run ${id} is already ${current.status}`, { status: current.status });
    return current;
  }

  /** Resolves with the run once it is settled (interrupted or final), or as it is after `ms`. */
  async waitForSettled(tenant: string, id: string, ms: number): Promise<Run> {
    const bounded = Math.min(Math.max(0, ms), this.settings.maxWaitMs);
    let wake: () => void = () => {};
    const unsubscribe = this.events.subscribe(id, () => wake());
    const deadline = Date.now() + bounded;
    try {
      for (;;) {
        const run = await this.get(tenant, id);
        const left = deadline - Date.now();
        if (SETTLED.has(run.status) || left <= 0) return run;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      unsubscribe();
    }
  }

  /** LangGraph's state history of the run, newest first. */
  async checkpoints(tenant: string, id: string, limit: number): Promise<CheckpointView[]> {
    const run = await this.get(tenant, id);
    const resolved = await this.catalog.forRun(run);
    const graph = this.catalog.graph(resolved, tenant);
    const config = {
      configurable: runConfigurable({
        runId: run.id,
        threadId: run.threadId,
        tenant,
        principalId: run.principalId,
        workflow: run.workflow,
        version: run.version,
      }),
    };
    const out: CheckpointView[] = [];
    for await (const snapshot of graph.getStateHistory(config, { limit })) {
      out.push({
        checkpointId: String(snapshot.config.configurable?.checkpoint_id ?? ''),
        parentCheckpointId: (snapshot.parentConfig?.configurable?.checkpoint_id as string | undefined) ?? null,
        step: snapshot.metadata?.step ?? null,
        source: snapshot.metadata?.source ?? null,
        createdAt: snapshot.createdAt ?? null,
        next: snapshot.next,
        completedNodes: Object.keys(snapshot.values.outputs ?? {}),
        writes: [],
        outputs: snapshot.values.outputs ?? {},
      });
      if (out.length >= limit) break;
    }
    // What each checkpoint added: outputs absent from its parent (the next entry, history is newest first).
    out.forEach((c, i) => (c.writes = c.completedNodes.filter((n) => !(out[i + 1]?.completedNodes ?? []).includes(n))));
    return out;
  }

  subscribe(runId: string, listener: () => void): () => void {
    return this.events.subscribe(runId, listener);
  }

  listEvents(runId: string, afterId: string | null, limit?: number): Promise<RunEvent[]> {
    return this.events.list(runId, afterId, limit);
  }

  private replay(existing: Run, request: ExecuteRequest): { run: Run; replayed: boolean } {
    const name =
      typeof request.workflow === 'string' ? request.workflow : String((request.workflow as { name?: unknown }).name);
    if (existing.workflow !== name) {
      throw new AppError('CONFLICT', `threadId ${request.threadId} belongs to a run of ${existing.workflow}`, {
        runId: existing.id,
        workflow: existing.workflow,
      });
    }
    return { run: existing, replayed: true };
  }
}

/** 400 naming `prices.<symbol>` when a risk gate's approval lacks a current price its band needs. */
function checkRiskDecision(run: Run, decision: ApprovalDecision): void {
  type Request = { kind?: unknown; prices?: Record<string, number>; priceBand?: number };
  const request = run.interrupt?.[0]?.value as Request | null;
  if (request?.kind !== 'risk_approval' || !decision.approved || !(Number(request.priceBand) > 0)) return;
  const missing = Object.keys(request.prices ?? {}).filter((symbol) => decision.prices?.[symbol] === undefined);
  if (missing.length) {
    const message = "is required: the approval lapses once the price moved beyond the gate's band since the request";
    throw AppError.validation(missing.map((symbol) => ({ field: `prices.${symbol}`, message })));
  }
}
