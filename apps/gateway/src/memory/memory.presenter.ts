import { MEMORY_TYPES, MESSAGE_ROLES, type Memory, type WriteResult } from '@app/letta';

/** Timestamps as the API writes them (ISO 8601, UTC). */
export const TIMESTAMP_SCHEMA = { type: 'string', format: 'date-time', example: '2026-11-25T12:00:00.000Z' };
export const NULLABLE_TIMESTAMP_SCHEMA = { type: 'string', format: 'date-time', nullable: true, example: null };

/** The API's view of a memory (archival memory or session message). */
export function presentMemory(memory: Memory) {
  return {
    id: memory.id,
    agentId: memory.agentId,
    type: memory.type,
    content: memory.content,
    metadata: memory.metadata,
    tags: memory.tags,
    importance: memory.importance,
    sessionId: memory.sessionId,
    role: memory.role,
    expiresAt: memory.expiresAt?.toISOString() ?? null,
    createdAt: memory.createdAt.toISOString(),
    updatedAt: memory.updatedAt.toISOString(),
    lastAccessedAt: memory.lastAccessedAt.toISOString(),
    accessCount: memory.accessCount,
    embedded: memory.embedded,
  };
}

export const MEMORY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    agentId: { type: 'string', example: 'fx-trader-1' },
    type: { type: 'string', enum: [...MEMORY_TYPES], example: 'semantic' },
    content: { type: 'string', example: 'The user prefers EUR/USD scalping during the London session.' },
    metadata: { type: 'object', additionalProperties: true, example: { source: 'chat' } },
    tags: { type: 'array', items: { type: 'string' }, example: ['fx', 'preferences'] },
    importance: { type: 'number', example: 0.8 },
    sessionId: { type: 'string', nullable: true, example: null },
    role: { type: 'string', nullable: true, enum: [...MESSAGE_ROLES, null], example: null },
    expiresAt: NULLABLE_TIMESTAMP_SCHEMA,
    createdAt: TIMESTAMP_SCHEMA,
    updatedAt: TIMESTAMP_SCHEMA,
    lastAccessedAt: TIMESTAMP_SCHEMA,
    accessCount: { type: 'integer', example: 0 },
    embedded: { type: 'boolean', example: false, description: 'Whether an embedding is stored' },
  },
};

/** A write's memory, and whether it merged into a near-duplicate (`similarity` only then). */
export function presentWriteResult(result: WriteResult) {
  return {
    ...presentMemory(result.memory),
    deduplicated: result.deduplicated,
    ...(result.similarity !== undefined ? { similarity: result.similarity } : {}),
  };
}

export const WRITE_RESULT_SCHEMA = {
  ...MEMORY_SCHEMA,
  properties: {
    ...MEMORY_SCHEMA.properties,
    deduplicated: {
      type: 'boolean',
      example: false,
      description: 'True when a near-duplicate was updated instead (status 200)',
    },
    similarity: {
      type: 'number',
      example: 0.92,
      description: 'Word-bigram Jaccard similarity to the updated memory (dedupe only)',
    },
  },
};

/** A bulk write: every item's result and how many were new. */
export function presentBulkWrite(results: WriteResult[]) {
  const deduplicated = results.filter((r) => r.deduplicated).length;
  return { items: results.map(presentWriteResult), created: results.length - deduplicated, deduplicated };
}

export const BULK_WRITE_SCHEMA = {
  type: 'object',
  properties: {
    items: { type: 'array', items: WRITE_RESULT_SCHEMA },
    created: { type: 'integer', example: 2 },
    deduplicated: { type: 'integer', example: 0 },
  },
};

/** A list of memories that is not paginated (a session's messages). */
export function presentMemories(memories: Memory[]) {
  return { items: memories.map(presentMemory) };
}

export const MEMORIES_SCHEMA = { type: 'object', properties: { items: { type: 'array', items: MEMORY_SCHEMA } } };

export function presentDeletedMemory(id: string) {
  return { id, deleted: true };
}

export const DELETED_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    deleted: { type: 'boolean', example: true },
  },
};
