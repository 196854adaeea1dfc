import type { Generated } from 'kysely';

/** The letta tables as Kysely sees them (see persistence/migrations/0001_letta_memory.ts). */
export interface MemoryRow {
  id: string;
  tenant: string;
  agent_id: string;
  scope: string;
  type: string;
  content: string;
  metadata: unknown;
  importance: number;
  session_id: string | null;
  role: string | null;
  position: number | null;
  expires_at: unknown;
  created_at: unknown;
  updated_at: unknown;
  last_accessed_at: unknown;
  access_count: Generated<number>;
  embedding: string | null;
  minhash_1: number | string | null;
  minhash_2: number | string | null;
  minhash_3: number | string | null;
  minhash_4: number | string | null;
}

export interface MemoryTagRow {
  memory_id: string;
  tenant: string;
  agent_id: string;
  tag: string;
}

export interface BlockRow {
  id: string;
  tenant: string;
  agent_id: string;
  label: string;
  value: string;
  limit_chars: number;
  description: string | null;
  created_at: unknown;
  updated_at: unknown;
}

export interface SessionRow {
  id: string;
  tenant: string;
  agent_id: string;
  title: string | null;
  metadata: unknown;
  status: string;
  message_count: Generated<number>;
  summary_memory_id: string | null;
  created_at: unknown;
  ended_at: unknown;
}

export interface LettaTables {
  letta_memories: MemoryRow;
  letta_memory_tags: MemoryTagRow;
  letta_blocks: BlockRow;
  letta_sessions: SessionRow;
}
