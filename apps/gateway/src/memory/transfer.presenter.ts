import {
  EXPORT_FORMAT,
  EXPORT_VERSION,
  IMPORT_MODES,
  type AgentMemoryExport,
  type ExportedMemory,
  type ImportReport,
} from '@app/letta';
import { BLOCK_SCHEMA, presentExportedBlock } from './block.presenter';
import { MEMORY_SCHEMA, TIMESTAMP_SCHEMA } from './memory.presenter';
import { presentExportedSession, SESSION_SCHEMA } from './session.presenter';

function presentExportedMemory(memory: ExportedMemory) {
  return {
    id: memory.id,
    type: memory.type,
    content: memory.content,
    metadata: memory.metadata,
    tags: memory.tags,
    importance: memory.importance,
    sessionId: memory.sessionId,
    role: memory.role,
    position: memory.position,
    expiresAt: memory.expiresAt?.toISOString() ?? null,
    createdAt: memory.createdAt.toISOString(),
    updatedAt: memory.updatedAt.toISOString(),
    lastAccessedAt: memory.lastAccessedAt.toISOString(),
    accessCount: memory.accessCount,
  };
}

/** An agent's whole memory as one document; POST it back to the import route to restore it. */
export function presentExport(doc: AgentMemoryExport) {
  return {
    format: doc.format,
    version: doc.version,
    agentId: doc.agentId,
    exportedAt: doc.exportedAt.toISOString(),
    blocks: doc.blocks.map(presentExportedBlock),
    sessions: doc.sessions.map(presentExportedSession),
    memories: doc.memories.map(presentExportedMemory),
  };
}

export const EXPORT_SCHEMA = {
  type: 'object',
  properties: {
    format: { type: 'string', example: EXPORT_FORMAT },
    version: { type: 'integer', example: EXPORT_VERSION },
    agentId: { type: 'string', example: 'fx-trader-1' },
    exportedAt: TIMESTAMP_SCHEMA,
    blocks: { type: 'array', items: BLOCK_SCHEMA },
    sessions: { type: 'array', items: SESSION_SCHEMA },
    memories: {
      type: 'array',
      items: {
        ...MEMORY_SCHEMA,
        properties: {
          ...MEMORY_SCHEMA.properties,
          position: {
            type: 'integer',
            nullable: true,
            description: 'Order of a message within its session',
            example: 3,
          },
        },
      },
    },
  },
};

/** How many blocks, sessions and memories an import wrote. */
export function presentImportReport(report: ImportReport) {
  return { mode: report.mode, blocks: report.blocks, sessions: report.sessions, memories: report.memories };
}

export const IMPORT_REPORT_SCHEMA = {
  type: 'object',
  example: { mode: 'merge', blocks: 2, sessions: 1, memories: 40 },
  properties: {
    mode: { type: 'string', enum: [...IMPORT_MODES] },
    blocks: { type: 'integer' },
    sessions: { type: 'integer' },
    memories: { type: 'integer' },
  },
};
