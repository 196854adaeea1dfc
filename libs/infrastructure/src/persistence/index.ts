// Public surface of persistence; libs/infrastructure/src/index.ts re-exports it.
export { PersistenceModule, PersistenceFeatureModule } from './persistence.module';
export type { PersistenceModuleAsyncOptions } from './persistence.module';
export { Database } from './database';
export {
  DATABASE_OPTIONS,
  DatabaseConfigError,
  resolveDialect,
  validateDatabaseOptions,
  describeDatabaseUrl,
} from './database-options';
export type { DatabaseOptions, DatabaseDialect } from './database-options';
export { openDatabase } from './open-database';
export { createPgPool } from './pg-pool';
export {
  INFRASTRUCTURE_NAMESPACE,
  MigrationRegistrationError,
  migrationTableNames,
} from './migrator/migration-registry';
export type { MigrationRegistration } from './migrator/migration-registry';
export { MigrationFailedError, runMigrations } from './migrator/run-migrations';
export type { NamespaceMigrationReport } from './migrator/run-migrations';
export { columnTypes, dialectOf } from './column-types';
export type { ColumnTypes } from './column-types';
export {
  toDbTimestamp,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  toDbJson,
  fromDbJson,
  toDbBoolean,
  fromDbBoolean,
  fromDbInteger,
} from './column-values';
export { newId, isId } from './ids';
export { encodeCursor, decodeCursor, InvalidCursorError } from './pagination/cursor';
export type { CursorKey, CursorPosition } from './pagination/cursor';
export { paginate, clampLimit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pagination/paginate';
export type { Page, PageRequest, PageOrder, PaginateOptions } from './pagination/paginate';
export { AuditLogRepository } from './audit-log.repository';
export { AuditLog, AUDIT_PRUNED_ACTION } from '../audit/audit-log.service';
export type { AuditPruneResult } from '../audit/audit-log.service';
export { AuditChainVerifier } from '../audit/audit-chain.verifier';
export type {
  AuditChainAnchor,
  AuditChainBreak,
  AuditChainProblem,
  AuditChainReport,
} from '../audit/audit-chain.verifier';
export { GENESIS_HASH, AUDIT_CHAIN_VERSION, canonicalEntry, entryHash } from '../audit/audit-chain';
export type {
  AuditChainHead,
  AuditLogEntry,
  AuditLogEntryInput,
  AuditLogQuery,
  AuditOutcome,
} from '../audit/audit-log.types';
export { DatabaseHealthIndicator, DEFAULT_DATABASE_HEALTH_TIMEOUT_MS } from './health/database.health';
export type { Migration, Kysely } from 'kysely';
