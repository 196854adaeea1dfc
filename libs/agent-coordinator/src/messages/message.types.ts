import type { Priority } from '@app/handit';

export const MESSAGE_STATUSES = ['queued', 'leased', 'acked', 'dead'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Every agent mailbox, as one managed queue of the scheduler's queue management. */
export const MAILBOX_QUEUE = 'agents.mailboxes';

/** Why a message reached the dead-letter list. */
export const DEAD_REASONS = [
  'expired',
  'max_deliveries',
  'rejected',
  'cancelled',
  'drained',
  'agent_deregistered',
] as const;
export type DeadReason = (typeof DEAD_REASONS)[number];

/** How an agent refuses a delivery: requeued (after `delayMs`) unless `requeue` is false. */
export interface NackOptions {
  error?: MessageError;
  requeue?: boolean;
  delayMs?: number;
}

/** A page of a tenant's dead letters, optionally of one agent or one reason, newest first. */
export interface DeadLetterQuery {
  tenant: string;
  agentId?: string;
  reason?: DeadReason;
  limit?: number;
  cursor?: string | null;
}

export interface MessageError {
  code: string;
  message: string;
  details?: unknown;
}

export interface AgentMessage {
  id: string;
  tenant: string;
  agentId: string;
  from: string | null;
  broadcastId: string | null;
  correlationId: string | null;
  type: string;
  priority: Priority;
  payload: unknown;
  status: MessageStatus;
  deliveries: number;
  maxDeliveries: number;
  leaseId: string | null;
  leasedAt: Date | null;
  leaseExpiresAt: Date | null;
  availableAt: Date;
  ttlMs: number;
  expiresAt: Date;
  reply: unknown;
  error: MessageError | null;
  deadReason: DeadReason | null;
  createdAt: Date;
  finishedAt: Date | null;
  /** W3C traceparent of the send: the message's later spans join that trace. */
  traceParent: string | null;
}

/** Where a message goes: one agent, the healthiest with a capability, or every agent with the type as capability. */
export type MessageTarget = string | { capability: string } | 'broadcast';

export interface SendRequest {
  tenant: string;
  from?: string;
  to: MessageTarget;
  priority?: Priority;
  type: string;
  payload: unknown;
  correlationId?: string;
  ttlMs?: number;
  maxDeliveries?: number;
}

export interface SendResult {
  messages: AgentMessage[];
  routing: { mode: 'direct' | 'capability' | 'broadcast'; candidates?: number };
}

/** How a message ended, for whoever waits on it. */
export type MessageOutcome =
  | { status: 'acked'; message: AgentMessage }
  | { status: 'dead'; message: AgentMessage }
  | { status: 'pending'; message: AgentMessage };
