// Public surface of @app/letta. Everything else in this library is private.
import './events';
export { LettaModule } from './letta.module';
export { MemoryService } from './memories/memory.service';
export { BlockService, type BlockInput } from './blocks/block.service';
export { SessionService, type MessageInput } from './sessions/session.service';
export { SearchService, type SearchParams, type SearchResult, type SearchHit } from './search/search.service';
export { ContextService, type ContextParams, type AssembledContext, type ContextItem } from './context/context.service';
export { TransferService, EXPORT_FORMAT, EXPORT_VERSION } from './transfer/transfer.service';
export type {
  AgentMemoryExport,
  ImportInput,
  ImportReport,
  ExportedBlock,
  ExportedMemory,
  ExportedSession,
} from './transfer/transfer.service';
export { RetentionService, type SweepReport, type RemovalEntry } from './retention/retention.service';
export { MAX_TAGS, MAX_TAG_LENGTH, TAG_PATTERN, MAX_METADATA_BYTES } from './memories/memory-validation';
export { MEMORY_TYPES, MESSAGE_ROLES } from './memories/memory.types';
export type {
  AgentScope,
  Memory,
  MemoryType,
  MessageRole,
  CoreBlock,
  Session,
  SessionStatus,
  NewMemory,
  MemoryPatch,
  MemoryListQuery,
  WriteResult,
} from './memories/memory.types';
export type { ComponentScores, RankingWeights } from './search/ranking';
export type { RemovalReason } from './events';
