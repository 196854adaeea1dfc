import { Injectable } from '@nestjs/common';
import { AppError } from '@app/infrastructure';
import { WorkflowCheckpointer } from '../checkpoint/workflow-checkpointer';
import type { CompiledWorkflowGraph } from '../graph/graph-types';
import { RunRepository } from '../persistence/run.repository';
import { ResolvedWorkflow, WorkflowCatalog } from '../runs/workflow-catalog';
import type { Thread } from './platform.types';
import { TenantStores } from './tenant-store';

/** The parts of a compiled LangGraph graph the Platform API reaches beyond what runs need. */
export interface PlatformGraph extends CompiledWorkflowGraph {
  getState(config: Record<string, unknown>, options?: { subgraphs?: boolean }): Promise<any>;
  getStateHistory(config: Record<string, unknown>, options?: Record<string, unknown>): AsyncIterableIterator<any>;
  updateState(
    config: Record<string, unknown>,
    values: unknown,
    asNode?: string,
  ): Promise<{ configurable?: Record<string, unknown> }>;
  getGraphAsync(config?: Record<string, unknown>): Promise<{ toJSON(): unknown }>;
}

/**
 * Finds the graph behind a Platform thread or graph id: our templates and the tenant's registered
 * definitions are the graphs (a graph id is a template or registered name), compiled once by the
 * WorkflowCatalog with the service's checkpointer.
 */
@Injectable()
export class PlatformGraphs {
  constructor(
    private readonly catalog: WorkflowCatalog,
    private readonly runs: RunRepository,
    private readonly stores: TenantStores,
    readonly checkpointer: WorkflowCheckpointer,
  ) {}

  /** True when the name is a template or one of the tenant's registered workflows. */
  async exists(tenant: string, graphId: string): Promise<boolean> {
    try {
      await this.catalog.resolve(tenant, graphId);
      return true;
    } catch (error) {
      if (error instanceof AppError && error.code === 'NOT_FOUND') return false;
      throw error;
    }
  }

  resolve(tenant: string, graphId: string, version?: number): Promise<ResolvedWorkflow> {
    return this.catalog.resolve(tenant, graphId, version);
  }

  graph(resolved: ResolvedWorkflow, tenant: string): PlatformGraph {
    return this.catalog.graph(resolved, tenant) as PlatformGraph;
  }

  /** The graph of a thread: the version its latest run used, else its graph id's current one; null before any. */
  async forThread(thread: Thread): Promise<PlatformGraph | null> {
    const [last] = await this.runs.listOnThread(thread.tenant, thread.threadId, { limit: 1, offset: 0 });
    if (last) return this.graph(await this.catalog.forRun(last), thread.tenant);
    if (!thread.graphId || !(await this.exists(thread.tenant, thread.graphId))) return null;
    return this.graph(await this.catalog.resolve(thread.tenant, thread.graphId), thread.tenant);
  }

  /** A config on the thread (at a checkpoint when given), with the tenant's store for updateState. */
  config(thread: Thread, checkpointId?: string | null): Record<string, unknown> {
    return {
      configurable: {
        thread_id: thread.threadId,
        checkpoint_ns: '',
        ...(checkpointId ? { checkpoint_id: checkpointId } : {}),
      },
      store: this.stores.forTenant(thread.tenant),
    };
  }

  templateNames(): string[] {
    return this.catalog.templates().map((t) => t.name);
  }

  /** 400 naming `input.<path>` when the input does not match the graph's input schema. */
  validateInput(resolved: ResolvedWorkflow, input: unknown): void {
    this.catalog.validateInput(resolved, input);
  }

  inputSchema(resolved: ResolvedWorkflow): Record<string, unknown> | null {
    return resolved.template?.inputSchema ?? resolved.definition?.inputSchema ?? null;
  }
}
