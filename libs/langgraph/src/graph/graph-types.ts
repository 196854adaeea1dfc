import type { BaseCheckpointSaver, RetryPolicy } from '@langchain/langgraph';
import type { WorkflowStateValue } from './state';

/**
 * The slice of StateGraph's builder API used with node names known only at run time. StateGraph's
 * generics track node names as literal types, which a graph built from JSON cannot have.
 */
export interface DynamicGraphBuilder {
  addNode(name: string, fn: unknown, options?: { retryPolicy?: RetryPolicy }): DynamicGraphBuilder;
  addEdge(from: string | string[], to: string): DynamicGraphBuilder;
  addConditionalEdges(
    from: string,
    router: (state: WorkflowStateValue) => unknown,
    targets?: string[],
  ): DynamicGraphBuilder;
  compile(options: { checkpointer: BaseCheckpointSaver; name?: string }): CompiledWorkflowGraph;
}

/** What the runner needs of a compiled graph (a CompiledStateGraph has all of it). */
export interface CompiledWorkflowGraph {
  invoke(input: unknown, config: Record<string, unknown>): Promise<unknown>;
  getState(config: Record<string, unknown>): Promise<StateSnapshotLike>;
  getStateHistory(
    config: Record<string, unknown>,
    options?: { limit?: number },
  ): AsyncIterableIterator<StateSnapshotLike>;
}

export interface StateSnapshotLike {
  values: Partial<WorkflowStateValue>;
  next: string[];
  config: { configurable?: Record<string, unknown> };
  parentConfig?: { configurable?: Record<string, unknown> };
  metadata?: {
    source?: string;
    step?: number;
    writes?: Record<string, unknown> | null;
    parents?: Record<string, string>;
  };
  createdAt?: string;
  tasks: { id: string; name: string; interrupts: { id?: string; value?: unknown }[]; error?: unknown }[];
}

export function retryPolicy(
  spec:
    | {
        maxAttempts: number;
        initialIntervalMs?: number;
        backoffFactor?: number;
        maxIntervalMs?: number;
        jitter?: boolean;
      }
    | undefined,
  retryOn: (e: unknown) => boolean,
): RetryPolicy | undefined {
  if (!spec || spec.maxAttempts <= 1) return undefined;
  return {
    maxAttempts: spec.maxAttempts,
    initialInterval: spec.initialIntervalMs ?? 500,
    backoffFactor: spec.backoffFactor ?? 2,
    maxInterval: spec.maxIntervalMs ?? 30_000,
    jitter: spec.jitter ?? true,
    retryOn,
    logWarning: false,
  };
}
