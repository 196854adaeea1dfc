/**
 * The JSON a client registers with POST /api/v1/orchestration/workflows. It is data only: node
 * inputs, conditions and outputs are JSON Logic expressions (see expressions.ts), never code.
 */
export const NODE_KINDS = ['task', 'memory', 'agent', 'transform', 'approval', 'risk_gate'] as const;
export type NodeKind = (typeof NODE_KINDS)[number];
/** What a memory node does. */
export const MEMORY_OPERATIONS = ['write', 'search'] as const;
/** What a risk gate does on a breach: fail the run, or interrupt it for an approval. */
export const BREACH_ACTIONS = ['fail', 'interrupt'] as const;

/** The graph's entry and exit, usable in edges only. */
export const START_NODE = 'start';
export const END_NODE = 'end';

/** A JSON value whose single-operator objects are evaluated against the run state. */
export type Template = unknown;

export interface RetrySpec {
  /** Attempts in all, the first included (LangGraph RetryPolicy.maxAttempts). */
  maxAttempts: number;
  initialIntervalMs?: number;
  backoffFactor?: number;
  maxIntervalMs?: number;
  jitter?: boolean;
  /** Error codes that are retried; default: every error a retry can help (not VALIDATION_FAILED). */
  retryOn?: string[];
}

interface BaseNode {
  id: string;
  kind: NodeKind;
  description?: string;
  retry?: RetrySpec;
  /** One attempt's time bound (default WORKFLOW_NODE_TIMEOUT_MS). */
  timeoutMs?: number;
  /** Required on at least one node of every cycle: the run fails when a node is entered more often. */
  maxVisits?: number;
}

export interface TaskNode extends BaseNode {
  kind: 'task';
  taskType: string;
  input: Template;
  model?: string;
  priority?: 'critical' | 'high' | 'normal' | 'low' | 'background';
  cache?: boolean;
}

export interface MemoryNode extends BaseNode {
  kind: 'memory';
  operation: (typeof MEMORY_OPERATIONS)[number];
  agentId: string;
  memoryType?: 'semantic' | 'episodic' | 'procedural';
  /** write: the memory text (a template that must yield a string, or any JSON, stored as JSON text). */
  content?: Template;
  /** search: the query text. */
  query?: Template;
  tags?: string[];
  importance?: number;
  limit?: number;
}

export interface AgentNode extends BaseNode {
  kind: 'agent';
  /** An agent id, or `{ capability }` for the healthiest agent that has it. */
  to: string | { capability: string };
  messageType: string;
  payload: Template;
}

export interface TransformNode extends BaseNode {
  kind: 'transform';
  output: Template;
}

export interface ApprovalNode extends BaseNode {
  kind: 'approval';
  /** Approval is asked only when this is truthy (default: always). */
  when?: Template;
  question: string;
  /** What the approver sees besides the question. */
  details?: Template;
}

/**
 * Checks an exposure (a template yielding `{ notional, positions, var, drawdown, concentration,
 * prices }`) against the tenant's risk limits and its desk's. A breach fails the run
 * (`onBreach: fail`) or interrupts it for approval (`interrupt`), which lapses after
 * `approval.expiresAfterMs` or once a price moved more than `approval.priceBand` since the request.
 */
export interface RiskGateNode extends BaseNode {
  kind: 'risk_gate';
  /** A desk id, or a template yielding one; without it only the tenant-wide limits apply. */
  desk?: Template;
  exposure: Template;
  onBreach: (typeof BREACH_ACTIONS)[number];
  approval?: { expiresAfterMs?: number; priceBand?: number };
}

export type NodeDefinition = TaskNode | MemoryNode | AgentNode | TransformNode | ApprovalNode | RiskGateNode;

/** `to` with several nodes fans out (they run in parallel); `from` with several joins (waits for all). */
export interface EdgeDefinition {
  from: string | string[];
  to: string | string[];
}

export interface ConditionalEdgeDefinition {
  from: string;
  /** The first branch whose `when` is truthy is taken. */
  branches: { when: Template; to: string }[];
  otherwise: string;
}

export interface WorkflowDefinition {
  name: string;
  description?: string;
  /** JSON Schema the run input must satisfy. */
  inputSchema?: Record<string, unknown>;
  nodes: NodeDefinition[];
  edges: EdgeDefinition[];
  conditionalEdges?: ConditionalEdgeDefinition[];
  /** The run's final output (default: every node's output). */
  output?: Template;
}
