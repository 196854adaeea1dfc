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
} from './migrations/migration-registry';
export type { MigrationRegistration } from './migrations/migration-registry';
export { MigrationFailedError, runMigrations } from './migrations/run-migrations';
export type { NamespaceMigrationReport } from './migrations/run-migrations';
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
} from './row-mappers';
export { newId, isId } from './ids';
export { encodeCursor, decodeCursor, InvalidCursorError } from './pagination/cursor';
export type { CursorKey, CursorPosition } from './pagination/cursor';
export { paginate, clampLimit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './pagination/paginate';
export type { Page, PageRequest, PageOrder, PaginateOptions } from './pagination/paginate';
export { AuditLogRepository } from './audit-log/audit-log.repository';
export { AuditLog, AUDIT_PRUNED_ACTION } from './audit-log/audit-log.service';
export type { AuditPruneResult } from './audit-log/audit-log.service';
export { AuditChainVerifier } from './audit-log/audit-chain.verifier';
export type {
  AuditChainAnchor,
  AuditChainBreak,
  AuditChainProblem,
  AuditChainReport,
} from './audit-log/audit-chain.verifier';
export { GENESIS_HASH, AUDIT_CHAIN_VERSION, canonicalEntry, entryHash } from './audit-log/audit-chain';
export type {
  AuditChainHead,
  AuditLogEntry,
  AuditLogEntryInput,
  AuditLogQuery,
  AuditOutcome,
} from './audit-log/audit-log.types';
export { DatabaseHealthIndicator, DEFAULT_DATABASE_HEALTH_TIMEOUT_MS } from './health/database.health';
export type { Migration, Kysely } from 'kysely';
