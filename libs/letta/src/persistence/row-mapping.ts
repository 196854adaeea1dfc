import type { Selectable } from 'kysely';
import {
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  type DatabaseDialect,
} from '@app/infrastructure';
import type { Memory } from '../memories/memory.types';
import type { CoreBlock } from '../blocks/block.types';
import type { Session } from '../sessions/session.types';
import type { BlockRow, MemoryRow, SessionRow } from './tables';

/** A memory row as selected by selectMemories (memory-queries.ts), before tags are attached. */
export type SelectedMemoryRow = Pick<
  Selectable<MemoryRow>,
  | 'id'
  | 'agent_id'
  | 'type'
  | 'content'
  | 'metadata'
  | 'importance'
  | 'session_id'
  | 'role'
  | 'position'
  | 'expires_at'
  | 'created_at'
  | 'updated_at'
  | 'last_accessed_at'
  | 'access_count'
> & { embedded: number };

export function toMemory(dialect: DatabaseDialect, row: SelectedMemoryRow, tags: string[]): Memory {
  return {
    id: row.id,
    agentId: row.agent_id,
    type: row.type,
    content: row.content,
    metadata: fromDbJson<Record<string, unknown>>(dialect, row.metadata) ?? {},
    tags,
    importance: Number(row.importance),
    sessionId: row.session_id,
    role: row.role ?? null,
    expiresAt: fromDbTimestampOrNull(row.expires_at),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
    lastAccessedAt: fromDbTimestamp(row.last_accessed_at),
    accessCount: fromDbInteger(row.access_count),
    embedded: fromDbInteger(row.embedded) === 1,
  };
}

export function toBlock(row: Selectable<BlockRow>): CoreBlock {
  return {
    agentId: row.agent_id,
    label: row.label,
    value: row.value,
    limitChars: Number(row.limit_chars),
    description: row.description,
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

export function toSession(dialect: DatabaseDialect, row: Selectable<SessionRow>): Session {
  return {
    id: row.id,
    agentId: row.agent_id,
    title: row.title,
    metadata: fromDbJson<Record<string, unknown>>(dialect, row.metadata) ?? {},
    status: row.status,
    messageCount: fromDbInteger(row.message_count),
    summaryMemoryId: row.summary_memory_id,
    createdAt: fromDbTimestamp(row.created_at),
    endedAt: fromDbTimestampOrNull(row.ended_at),
  };
}

/** Embeddings are stored as JSON text: portable across both dialects and small enough. */
export function parseEmbedding(value: unknown): number[] | null {
  if (typeof value !== 'string' || value === '') return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return Array.isArray(parsed) && parsed.every((n) => typeof n === 'number') ? (parsed as number[]) : null;
  } catch {
    return null;
  }
}
