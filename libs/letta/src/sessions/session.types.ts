import type { MessageRole } from '../memories/memory.types';

/** A session is active until it is ended; an ended session accepts no messages. */
export const SESSION_STATUSES = ['active', 'ended'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** A conversation of an agent; its messages are episodic memories. */
export interface Session {
  id: string;
  agentId: string;
  title: string | null;
  metadata: Record<string, unknown>;
  status: SessionStatus;
  messageCount: number;
  summaryMemoryId: string | null;
  createdAt: Date;
  endedAt: Date | null;
}

/** Newest first, optionally of one status, cursor-paginated. */
export interface SessionListQuery {
  status?: SessionStatus;
  limit?: number;
  cursor?: string;
}

/** One message appended to a session. */
export interface MessageInput {
  role: MessageRole;
  content: string;
  importance?: number;
  metadata?: Record<string, unknown>;
}
