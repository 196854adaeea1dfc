import {
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  type DatabaseDialect,
} from '@app/infrastructure';
import type { Memory, MemoryType, MessageRole } from '../memories/memory.types';

/** A memory row as selected (without `seq`, `scope`), before tags are attached. */
export interface SelectedMemoryRow {
  id: string;
  agent_id: string;
  type: string;
  content: string;
  metadata: unknown;
  importance: number | string;
  session_id: string | null;
  role: string | null;
  expires_at: unknown;
  created_at: unknown;
  updated_at: unknown;
  last_accessed_at: unknown;
  access_count: unknown;
  embedded: unknown;
}

export function toMemory(dialect: DatabaseDialect, row: SelectedMemoryRow, tags: string[]): Memory {
  return {
    id: row.id,
    agentId: row.agent_id,
    type: row.type as MemoryType,
    content: row.content,
    metadata: fromDbJson<Record<string, unknown>>(dialect, row.metadata) ?? {},
    tags,
    importance: Number(row.importance),
    sessionId: row.session_id,
    role: (row.role as MessageRole | null) ?? null,
    expiresAt: fromDbTimestampOrNull(row.expires_at),
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
    lastAccessedAt: fromDbTimestamp(row.last_accessed_at),
    accessCount: fromDbInteger(row.access_count),
    embedded: fromDbInteger(row.embedded) === 1,
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
