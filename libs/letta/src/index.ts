// Public surface of @app/letta. Everything else in this library is private.
import './events';
export { LettaModule } from './letta.module';
export { MemoryService } from './memories/memory.service';
export { BlockService } from './blocks/block.service';
export { SessionService } from './sessions/session.service';
export { SearchService } from './search/search.service';
export { ContextService } from './context/context.service';
export { TransferService } from './transfer/transfer.service';
export { RetentionService } from './retention/retention.service';
export { MAX_TAGS, MAX_TAG_LENGTH, TAG_PATTERN, MAX_METADATA_BYTES } from './memories/memory-validation';
export { MEMORY_TYPES, MESSAGE_ROLES } from './memories/memory.types';
export type {
  AgentScope,
  Memory,
  MemoryType,
  MessageRole,
  NewMemory,
  MemoryPatch,
  MemoryListQuery,
  WriteResult,
} from './memories/memory.types';
export type { BlockInput, CoreBlock } from './blocks/block.types';
export { SESSION_STATUSES } from './sessions/session.types';
export type { MessageInput, Session, SessionListQuery, SessionStatus } from './sessions/session.types';
export { SEARCH_ENGINES, SEARCH_MODES } from './search/search.types';
export type { SearchEngine, SearchHit, SearchMode, SearchParams, SearchResult } from './search/search.types';
export type { ComponentScores, RankingWeights } from './search/ranking';
export type { AssembledContext, ContextItem, ContextParams } from './context/context.types';
export { EXPORT_FORMAT, EXPORT_VERSION, IMPORT_MODES } from './transfer/transfer.types';
export type {
  AgentMemoryExport,
  ExportedBlock,
  ExportedMemory,
  ExportedSession,
  ImportInput,
  ImportMode,
  ImportReport,
} from './transfer/transfer.types';
export { REMOVAL_REASONS } from './retention/retention.types';
export type { RemovalEntry, RemovalReason, SweepReport } from './retention/retention.types';
