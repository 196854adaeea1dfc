import type { MemoryRecord } from '../persistence/memory.repository';

/** A plain semantic memory as the repository stores it, every time `at`: the fixture of suites and benches. */
export function memoryRecord(content: string, at: Date, fields: Partial<MemoryRecord> = {}): MemoryRecord {
  return {
    type: 'semantic',
    content,
    metadata: {},
    tags: [],
    importance: 0.5,
    sessionId: null,
    role: null,
    position: null,
    expiresAt: null,
    createdAt: at,
    updatedAt: at,
    lastAccessedAt: at,
    accessCount: 0,
    embedding: null,
    ...fields,
  };
}
