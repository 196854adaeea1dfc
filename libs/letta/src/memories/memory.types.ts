/** The three kinds of memory agent-memory research distinguishes (facts, events, how-tos). */
export const MEMORY_TYPES = ['semantic', 'episodic', 'procedural'] as const;
export type MemoryType = (typeof MEMORY_TYPES)[number];

/** Roles of session messages, as chat APIs name them. */
export const MESSAGE_ROLES = ['user', 'assistant', 'system', 'tool'] as const;
export type MessageRole = (typeof MESSAGE_ROLES)[number];

/** Whose memory: every read and write is scoped to one tenant's agent. */
export interface AgentScope {
  readonly tenant: string;
  readonly agentId: string;
}

export interface Memory {
  id: string;
  agentId: string;
  type: MemoryType;
  content: string;
  metadata: Record<string, unknown>;
  tags: string[];
  importance: number;
  sessionId: string | null;
  /** Set on session messages: who said it. */
  role: MessageRole | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  lastAccessedAt: Date;
  accessCount: number;
  /** Whether an embedding is stored (the vector itself is not returned). */
  embedded: boolean;
}

export interface NewMemory {
  type: MemoryType;
  content: string;
  metadata?: Record<string, unknown>;
  tags?: string[];
  importance?: number;
  sessionId?: string | null;
  role?: MessageRole | null;
  expiresAt?: Date | null;
}

export interface MemoryPatch {
  content?: string;
  tags?: string[];
  importance?: number;
  metadata?: Record<string, unknown>;
  expiresAt?: Date | null;
}

export interface MemoryListQuery {
  type?: MemoryType;
  tag?: string;
  sessionId?: string;
  from?: Date;
  to?: Date;
  limit?: number;
  cursor?: string;
}

/** Result of a write that may have merged into an existing near-duplicate. */
export interface WriteResult {
  memory: Memory;
  /** True when the write updated an existing near-duplicate instead of adding a memory. */
  deduplicated: boolean;
  /** Word-bigram Jaccard similarity to the memory it merged into. */
  similarity?: number;
}
