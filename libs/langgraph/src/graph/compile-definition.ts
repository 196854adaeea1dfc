import { END, START, StateGraph } from '@langchain/langgraph';
import type { BaseCheckpointSaver } from '@langchain/langgraph';
import { END_NODE, NodeDefinition, START_NODE, WorkflowDefinition } from '../definition/definition.types';
import { resolveTemplate, truthy } from '../definition/expressions';
import { askApproval } from './executors/approval';
import type { AgentExecutor } from './executors/agent.executor';
import type { MemoryExecutor } from './executors/memory.executor';
import type { RiskGateExecutor } from './executors/risk-gate.executor';
import type { TaskExecutor } from './executors/task.executor';
import { retryOn } from './node-failure';
import type { NodeBody, NodeRuntime } from './node-runtime';
import { CompiledWorkflowGraph, DynamicGraphBuilder, retryPolicy } from './graph-types';
import { WorkflowState, WorkflowStateValue } from './state';

export interface NodeExecutors {
  runtime: NodeRuntime;
  tasks: TaskExecutor;
  memory: MemoryExecutor;
  agents: AgentExecutor;
  gates: RiskGateExecutor;
}

const endpoint = (id: string) => (id === START_NODE ? START : id === END_NODE ? END : id);
const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);
/** What expressions see: the input and every finished node's output. */
const scope = (state: WorkflowStateValue) => ({ input: state.input, outputs: state.outputs, visits: state.visits });

/** Builds a LangGraph StateGraph from a validated definition (validateDefinition ran first). */
export function compileDefinition(
  definition: WorkflowDefinition,
  x: NodeExecutors,
  checkpointer: BaseCheckpointSaver,
): CompiledWorkflowGraph {
  const graph = new StateGraph(WorkflowState) as unknown as DynamicGraphBuilder;
  for (const node of definition.nodes) {
    const body = nodeBody(node, x);
    graph.addNode(
      node.id,
      x.runtime.wrap<WorkflowStateValue>(
        { id: node.id, kind: node.kind, timeoutMs: node.timeoutMs, maxVisits: node.maxVisits },
        body,
      ),
      {
        retryPolicy: retryPolicy(node.retry, retryOn(node.retry?.retryOn)),
      },
    );
  }
  for (const edge of definition.edges) {
    const sources = list(edge.from).map(endpoint);
    for (const to of list(edge.to)) {
      // Several sources: a join, which LangGraph runs once all of them have finished.
      graph.addEdge(sources.length > 1 ? sources : sources[0], endpoint(to));
    }
  }
  for (const c of definition.conditionalEdges ?? []) {
    const targets = [...new Set([...c.branches.map((b) => b.to), c.otherwise])].map(endpoint);
    graph.addConditionalEdges(
      c.from,
      (state) => endpoint(c.branches.find((b) => truthy(resolveTemplate(b.when, scope(state))))?.to ?? c.otherwise),
      targets,
    );
  }
  return graph.compile({ checkpointer, name: definition.name });
}

function nodeBody(node: NodeDefinition, x: NodeExecutors): NodeBody<WorkflowStateValue> {
  switch (node.kind) {
    case 'task':
      return (state, ctx) =>
        x.tasks.run(ctx, {
          type: node.taskType,
          input: resolveTemplate(node.input, scope(state)),
          model: node.model,
          priority: node.priority,
          cache: node.cache,
        });
    case 'memory':
      return (state, ctx) =>
        node.operation === 'write'
          ? x.memory.write(ctx, {
              agentId: node.agentId,
              type: node.memoryType ?? 'episodic',
              content: resolveTemplate(node.content, scope(state)),
              tags: node.tags,
              importance: node.importance,
            })
          : x.memory.query(ctx, {
              agentId: node.agentId,
              query: resolveTemplate(node.query, scope(state)),
              type: node.memoryType,
              tags: node.tags,
              limit: node.limit,
            });
    case 'agent':
      return (state, ctx) =>
        x.agents.request(ctx, {
          to: node.to,
          messageType: node.messageType,
          payload: resolveTemplate(node.payload, scope(state)),
          timeoutMs: node.timeoutMs,
        });
    case 'transform':
      return (state) => resolveTemplate(node.output, scope(state));
    case 'approval':
      return (state) => {
        const data = scope(state);
        const required = node.when === undefined ? true : truthy(resolveTemplate(node.when, data));
        return askApproval(
          required,
          node.question,
          node.details === undefined ? undefined : resolveTemplate(node.details, data),
          required ? undefined : 'condition not met',
        );
      };
    case 'risk_gate':
      return (state, ctx) =>
        x.gates.evaluate(ctx, {
          desk: node.desk === undefined ? null : resolveTemplate(node.desk, scope(state)),
          exposure: resolveTemplate(node.exposure, scope(state)),
          onBreach: node.onBreach,
          approval: node.approval,
        });
  }
}

/** The run's final output: the definition's `output` template, or every node's output. */
export function definitionOutput(definition: WorkflowDefinition, state: Partial<WorkflowStateValue>): unknown {
  const data = { input: state.input ?? {}, outputs: state.outputs ?? {}, visits: state.visits ?? {} };
  return definition.output === undefined ? data.outputs : resolveTemplate(definition.output, data);
}
