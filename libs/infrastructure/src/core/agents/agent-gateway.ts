/**
 * How a workflow (libs/langgraph) asks an agent for work without importing the agent
 * coordinator (DESIGN.md: langgraph and agent-coordinator sit side by side). libs/agent-coordinator
 * provides the implementation globally; a consumer injects it with @Optional() and reports the
 * capability as unavailable when it is absent.
 */
export interface AgentRequest {
  tenant: string;
  /** An agent id, or the healthiest available agent with a capability. */
  to: string | { capability: string };
  /** Message type, e.g. a task type such as `trading_signal`. */
  type: string;
  payload: unknown;
  priority?: 'critical' | 'high' | 'normal' | 'low' | 'background';
  timeoutMs?: number;
  correlationId?: string;
}

export interface AgentReply {
  agentId: string;
  messageId: string;
  output: unknown;
}

export abstract class AgentGateway {
  /** Delivers the request and resolves with the agent's reply; rejects on failure or timeout. */
  abstract request(request: AgentRequest, signal?: AbortSignal): Promise<AgentReply>;
}
