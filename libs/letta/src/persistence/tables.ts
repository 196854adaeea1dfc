import type { Generated, Kysely, Transaction } from 'kysely';
import type { MemoryType, MessageRole } from '../memories/memory.types';
import type { SessionStatus } from '../sessions/session.types';
import type {
  TimestampColumn as Timestamp,
  NullableTimestampColumn as NullableTimestamp,
  JsonColumn as Json,
  NullableNumberColumn as MinHash,
} from '@app/infrastructure';

/**
 * An archival memory (persistence/migrations/0001_letta_memory.ts, 0002 for the MinHash columns).
 * Not listed, since no typed query names them: SQLite's `seq` (the rowid the full-text index
 * refers to) and PostgreSQL's generated `search` tsvector; the full-text SQL reads them.
 */
export interface MemoryRow {
  id: string;
  tenant: string;
  agent_id: string;
  /** scopeToken(tenant, agent): keys the agent's terms in the SQLite full-text index. */
  scope: string;
  type: MemoryType;
  content: string;
  metadata: Json;
  importance: number;
  session_id: string | null;
  role: MessageRole | null;
  position: number | null;
  expires_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
  last_accessed_at: Timestamp;
  access_count: Generated<number>;
  /** The vector as JSON text (row-mapping.ts parseEmbedding). */
  embedding: string | null;
  minhash_1: MinHash;
  minhash_2: MinHash;
  minhash_3: MinHash;
  minhash_4: MinHash;
}

/** A tag of a memory, with the memory's tenant and agent for the tag filter's index. */
export interface MemoryTagRow {
  memory_id: string;
  tenant: string;
  agent_id: string;
  tag: string;
}

/** A core block, unique by (tenant, agent, label). */
export interface BlockRow {
  id: string;
  tenant: string;
  agent_id: string;
  label: string;
  value: string;
  limit_chars: number;
  description: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** A conversation session; its messages are memory rows with a `position`. */
export interface SessionRow {
  id: string;
  tenant: string;
  agent_id: string;
  title: string | null;
  metadata: Json;
  status: SessionStatus;
  message_count: Generated<number>;
  summary_memory_id: string | null;
  created_at: Timestamp;
  ended_at: NullableTimestamp;
}

/** The letta tables as Kysely sees them. */
export interface LettaTables {
  letta_memories: MemoryRow;
  letta_memory_tags: MemoryTagRow;
  letta_blocks: BlockRow;
  letta_sessions: SessionRow;
}

/** The handle a repository method runs on: the database, or the caller's transaction. */
export type LettaDb = Kysely<LettaTables> | Transaction<LettaTables>;
