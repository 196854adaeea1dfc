import type { CoreBlock } from '../blocks/block.types';
import type { Memory } from '../memories/memory.types';
import type { Session } from '../sessions/session.types';

/** The export document's format name and version. */
export const EXPORT_FORMAT = 'letta-agent-memory';
export const EXPORT_VERSION = 1;

/** `replace` removes the agent's memory first; `merge` adds to it. */
export const IMPORT_MODES = ['merge', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

/** A core block in an export document (the agent is the document's). */
export type ExportedBlock = Omit<CoreBlock, 'agentId'>;

/** A session in an export document. */
export type ExportedSession = Omit<Session, 'agentId'>;

/** A memory in an export document, without its embedding; `position` orders a session's messages. */
export interface ExportedMemory extends Omit<Memory, 'agentId' | 'embedded'> {
  position: number | null;
}

/** An agent's whole memory as one JSON document. */
export interface AgentMemoryExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  agentId: string;
  exportedAt: Date;
  blocks: ExportedBlock[];
  sessions: ExportedSession[];
  memories: ExportedMemory[];
}

/** Fields an export always has but an import may leave out (they default to empty/null). */
type Loose<T, K extends keyof T> = Omit<T, K> & { [P in K]?: T[P] | null };

/** An export document posted back; `mode` defaults to `merge`. */
export interface ImportInput {
  mode?: ImportMode;
  blocks: Array<Loose<ExportedBlock, 'description'>>;
  sessions: Array<Loose<ExportedSession, 'title' | 'metadata' | 'summaryMemoryId' | 'endedAt'>>;
  memories: Array<Loose<ExportedMemory, 'metadata' | 'sessionId' | 'role' | 'position' | 'expiresAt'>>;
}

/** How many blocks, sessions and memories an import wrote. */
export interface ImportReport {
  mode: ImportMode;
  blocks: number;
  sessions: number;
  memories: number;
}
