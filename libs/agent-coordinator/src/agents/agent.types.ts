import type { BreakerSnapshot } from '../health/agent-breaker';

/** What an agent is: built-in (one per specialist model, run in this service) or external (a client that polls). */
export const AGENT_KINDS = ['builtin', 'external'] as const;
export type AgentKind = (typeof AGENT_KINDS)[number];

/** Lifecycle as shown to clients; derived from the row, the mailbox and the health state. */
export const AGENT_STATUSES = ['idle', 'busy', 'paused', 'unhealthy', 'deregistered'] as const;
export type AgentStatus = (typeof AGENT_STATUSES)[number];

/** The tenant value of built-in agents: every tenant sees them, none can change them. */
export const BUILTIN_TENANT = '*';

/** The stored agent. Health averages and the breaker live here so a restart keeps them. */
export interface AgentRecord {
  id: string;
  tenant: string;
  name: string;
  kind: AgentKind;
  capabilities: string[];
  model: string | null;
  maxConcurrency: number;
  metadata: Record<string, unknown>;
  paused: boolean;
  lastHeartbeatAt: Date | null;
  successEwma: number;
  latencyEwmaMs: number | null;
  consecutiveFailures: number;
  handled: number;
  failed: number;
  lastOutcomeAt: Date | null;
  /** The circuit breaker as last stored, restored when the agent's health entry is built. */
  breaker: BreakerSnapshot;
  createdAt: Date;
  updatedAt: Date;
  deregisteredAt: Date | null;
}

export interface RegisterAgentRequest {
  tenant: string;
  name: string;
  capabilities: string[];
  model?: string;
  maxConcurrency?: number;
  metadata?: Record<string, unknown>;
}

export interface UpdateAgentRequest {
  name?: string;
  capabilities?: string[];
  maxConcurrency?: number;
  metadata?: Record<string, unknown>;
}

export interface AgentListQuery {
  tenant: string;
  capability?: string;
  status?: AgentStatus;
  kind?: AgentKind;
  name?: string;
  limit?: number;
  cursor?: string | null;
}
