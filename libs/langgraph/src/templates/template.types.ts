import type { BaseCheckpointSaver } from '@langchain/langgraph';
import type { NodeExecutors } from '../graph/compile-definition';
import type { CompiledWorkflowGraph } from '../graph/graph-types';
import type { WorkflowStateValue } from '../graph/state';

export interface TemplateDeps extends NodeExecutors {
  /** WORKFLOW_APPROVAL_NOTIONAL: above it, trades wait for a human. */
  approvalNotional: number;
}

/** A shipped workflow: a hand-built LangGraph graph with a documented input and output. */
export interface WorkflowTemplate {
  name: string;
  version: number;
  description: string;
  /** Node ids in execution order, for the catalogue (parallel ones share a step). */
  steps: string[][];
  inputSchema: Record<string, unknown>;
  example: Record<string, unknown>;
  output: string;
  /**
   * The graph's input is its own state (a graph with its own state schema); otherwise a run's input
   * goes in as `{ input }` of the shared WorkflowState.
   */
  stateInput?: boolean;
  build(deps: TemplateDeps, checkpointer: BaseCheckpointSaver): CompiledWorkflowGraph;
  result(state: Partial<WorkflowStateValue>): unknown;
}
