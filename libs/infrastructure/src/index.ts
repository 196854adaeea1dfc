/** Public face of @app/infrastructure. Anything not exported here is private to the library. */
// The settings classes below carry class-transformer decorators, which read reflect metadata as they load.
import 'reflect-metadata';

// Base layer: abstract classes that are the injection tokens and contracts.
export { BaseLogger } from './base/base-logger';
export { BaseConfig, DEPLOYMENT_MODES } from './base/base-config';
export type { DeploymentMode } from './base/base-config';
export { BaseErrorHandler } from './base/base-error-handler';
export type { ClassifiedError } from './base/base-error-handler';
export { BasePerformance } from './base/base-performance';
export type { MetricSpec } from './base/base-performance';
export { BaseCache } from './base/base-cache';
export type { CacheStats } from './base/base-cache';
export { BaseResponse } from './base/base-response';
export type { ResponseMeta, SuccessEnvelope, ErrorEnvelope } from './base/base-response';

// Configuration: the validated YAML + env tree and its typed slices, section by section.
export { ComponentToggle, AiComponentsSettings, CacheSettings, PerformanceSettings } from './core/config/config.schema';
export { OptionalSettings, AppConfig } from './core/config/config.schema';
export {
  LOG_LEVELS,
  NODE_ENVS,
  SERVICE_ROLES,
  TlsSettings,
  RequestBodySettings,
  ServiceSettings,
} from './core/config/schema/service.schema';
export type { ServiceRole } from './core/config/schema/service.schema';
export { DatabaseSettings, RedisSettings } from './core/config/schema/storage.schema';
export {
  LettaRetentionRule,
  LettaRetentionSettings,
  LettaRankingSettings,
  LettaBlockSettings,
  LettaEmbeddingsSettings,
  LettaContextSettings,
  LettaSettings,
} from './core/config/schema/letta.schema';
export {
  LlmSettings,
  DATA_POLICIES,
  STALENESS_PATTERN,
  CandleStalenessSettings,
  DataQualitySettings,
  HanditSettings,
  ModelGovernanceSettings,
} from './core/config/schema/handit.schema';
export type { DataPolicy } from './core/config/schema/handit.schema';
export { ProviderBreakerSettings } from './core/config/schema/provider-breakers.schema';
export {
  TracingExportSettings,
  OtlpExportSettings,
  TraceStoreSettings,
  LangfuseSettings,
  GenerationSettings,
  PromptStoreSettings,
  ModelPrice,
} from './core/config/schema/langfuse.schema';
export { LanggraphSettings } from './core/config/schema/langgraph.schema';
export { JwtSettings, RateLimitSettings, AuditSettings, SecuritySettings } from './core/config/schema/security.schema';
export {
  HealthSettings,
  ALERT_COMPARISONS,
  ALERT_SEVERITIES,
  ALERT_REDUCERS,
  AlertRuleSettings,
  AlertSettings,
  MonitoringSettings,
} from './core/config/schema/monitoring.schema';
export { ConcurrencyBudgetSettings, SchedulerSettings } from './core/config/schema/scheduler.schema';
export {
  AgentHealthSettings,
  AgentBreakerSettings,
  CoordinationSettings,
  AgentsSettings,
} from './core/config/schema/agents.schema';
export { CalendarAdjustmentSettings, MarketCalendarsSettings } from './core/config/schema/market-calendars.schema';
export { WEBHOOK_ALLOWLIST_ENTRY, WebhooksSettings } from './core/config/schema/webhooks.schema';
export { findUp, defaultsFilePath, loadConfig } from './core/config/config.loader';
export type { LoadConfigOptions } from './core/config/config.loader';
export { ConfigError } from './core/config/config-error';
export type { ConfigProblem } from './core/config/config-error';
export { ENV_VARIABLES, SECRET_PATHS } from './core/config/env-variables';
export type { EnvKind, EnvVariable } from './core/config/env-variables';
export { CoreConfig } from './core/config/core-config';

// Errors: the closed set of codes and the one error type.
export { statusOf, ERROR_CODES, ERROR_CODE_DESCRIPTIONS } from './core/errors/error-codes';
export type { ErrorCode } from './core/errors/error-codes';
export { AppError } from './core/errors/app-error';
export type { FieldProblem } from './core/errors/app-error';
export { flattenValidationErrors, MAX_FIELD_PROBLEMS } from './core/errors/validation-problems';
export { BoundedValidationPipe } from './core/validation/bounded-validation.pipe';
export { CoreErrorHandler } from './core/errors/core-error-handler';
export { isDependencyOutage } from './core/errors/dependency-outage';
export { CodedFailure } from './core/errors/coded-failure';

// Logging.
export { createPino, CoreLogger } from './core/logging/core-logger';
export { throttledErrorLog } from './core/logging/connection-error-log';
export type { ErrorLogSink, ConnectionErrorLogOptions } from './core/logging/connection-error-log';
export { assignRequestId, requestIdOf, REQUEST_ID_HEADER } from './core/logging/request-id';
export { routeTemplateOf, createRequestLogger } from './core/logging/request-logging';

// Secret redaction.
export { isSecretKey, maskSecrets, maskUrlCredentials, MASK } from './core/redaction/mask-secrets';
export type { MaskSecretsOptions } from './core/redaction/mask-secrets';
export { MIN_SECRET_VALUE_LENGTH, SecretRedactor } from './core/redaction/secret-redactor';
export type { SecretRedactorOptions } from './core/redaction/secret-redactor';
export { configuredSecretValues } from './core/redaction/configured-secrets';

// Metrics.
export { CorePerformance } from './core/metrics/core-performance';
export { httpMetricsMiddleware } from './core/metrics/http-metrics';

// Cache.
export { CoreCache } from './core/cache/core-cache';
export type { CacheOptions } from './core/cache/core-cache';

// HTTP plumbing: envelope, body reading, error responses.
export { CoreResponse } from './core/http/core-response';
export { RAW_RESPONSE, RawResponse, RawResponseInterceptor, isRawResponse } from './core/http/raw-response.decorator';
export { BULK_BODY, BulkBody } from './core/http/bulk-body.decorator';
export { JSON_SHAPE_LIMIT_NAMES, JsonShapeScanner } from './core/http/json-shape-scanner';
export type { JsonShapeLimits, JsonShapeProblem } from './core/http/json-shape-scanner';
export { parseByteSize, jsonBodyReader } from './core/http/json-body-reader';
export type { BodySizeLimit, JsonBodyOptions } from './core/http/json-body-reader';
export { EnvelopedExpressAdapter } from './core/http/enveloped-express-adapter';
export { installJsonResponses, sentJsonBody } from './core/http/json-response';
export { jsonSourceOf, parseWithJsonText, withJsonText } from './core/json/json-text';
export { writeErrorResponse } from './core/http/error-response';
export { AllExceptionsFilter } from './core/http/all-exceptions.filter';

// Lifecycle and component status.
export { LifecycleService, LIFECYCLE_PHASES } from './core/lifecycle/lifecycle.service';
export type { LifecyclePhase } from './core/lifecycle/lifecycle.service';
export { STATUS_CONTRIBUTOR, ContributesStatus } from './core/status/status-contributor';
export type { ComponentState, ComponentStatus, StatusContributor } from './core/status/status-contributor';
export { ComponentStatusService } from './core/status/component-status.service';
export { readSecretReference } from './core/config/secret-reference';
export { BREAKER_STATES, ProviderBreaker, ProviderBreakers } from './core/resilience/provider-breakers';
export type { BreakerSnapshot, BreakerState } from './core/resilience/provider-breakers';

// Queues: managed queues, pauses and the shared concurrency budget.
export {
  tenantScope,
  tenantOfScope,
  WHOLE_QUEUE,
  MANAGED_QUEUE,
  ProvidesManagedQueue,
} from './core/queues/managed-queue';
export type { QueueScope, ManagedQueueStats, ManagedQueue } from './core/queues/managed-queue';
export { ConcurrencyBudget } from './core/queues/concurrency-budget';
export type { BudgetOptions, AcquireOptions, ReleaseSlot, BudgetStats } from './core/queues/concurrency-budget';
export { holdsTenant, pauseFigures, NOTHING_PAUSED } from './core/queues/queue-pause-state';
export type { QueuePauseState } from './core/queues/queue-pause-state';
export { StoredPauseQueue, depthOfPriorities } from './core/queues/stored-pause-queue';
export type { QueueFigures } from './core/queues/stored-pause-queue';
export { WorkCoreModule } from './core/queues/work-core.module';
export { QueuePauseRepository } from './persistence/queue-pause.repository';
export { QUEUES_NAMESPACE, queueMigrations } from './persistence/migrations';

// Jobs and time.
export { Clock, ManualClock } from './core/jobs/clock';
export type { TimerHandle, ClockSource } from './core/jobs/clock';
export { scheduledPrincipalId, SCHEDULABLE_JOB, SchedulableJob } from './core/jobs/schedulable-job';
export type { JobDefinition, JobScope, JobContext, SchedulableJobHandler } from './core/jobs/schedulable-job';
export type { WorkFailedEvent } from './core/jobs/work-events';

// Agents.
export { AgentGateway } from './core/agents/agent-gateway';
export type { AgentRequest, AgentReply } from './core/agents/agent-gateway';

// Bounded collections.
export { RingBuffer } from './core/collections/ring-buffer';
export { BoundedSet } from './core/collections/bounded-set';

// Optional layer.
export { EventCore } from './optional/event-core';
export type { AppEvents, AppEventName } from './optional/event-core';
export { schemaProblems, ValidationCore } from './optional/validation-core';
export type { JsonSchema } from './optional/validation-core';
export { createRegistrationDecorator, ContainerCore } from './optional/container-core';
export type { Registration } from './optional/container-core';
export { FactoryCore } from './optional/factory-core';
export type { BackendKind } from './optional/factory-core';

// Persistence: database, migrations, column values, ids, pagination.
export { PersistenceModule, PersistenceFeatureModule } from './persistence/persistence.module';
export type { PersistenceModuleAsyncOptions } from './persistence/persistence.module';
export { Database } from './persistence/database';
export { TablesRepository } from './persistence/tables-repository';
export {
  DATABASE_OPTIONS,
  DatabaseConfigError,
  resolveDialect,
  validateDatabaseOptions,
  describeDatabaseUrl,
} from './persistence/database-options';
export type { DatabaseOptions, DatabaseDialect } from './persistence/database-options';
export { openDatabase, openSqliteFile, type SqliteFile } from './persistence/open-database';
export { WalCheckpointer } from './persistence/wal-checkpointer';
export { createPgPool } from './persistence/pg-pool';
export {
  INFRASTRUCTURE_NAMESPACE,
  MigrationRegistrationError,
  migrationTableNames,
} from './persistence/migrator/migration-registry';
export type { MigrationRegistration } from './persistence/migrator/migration-registry';
export { MigrationFailedError, runMigrations } from './persistence/migrator/run-migrations';
export type { NamespaceMigrationReport } from './persistence/migrator/run-migrations';
export { columnTypes, dialectOf } from './persistence/column-types';
export type {
  TimestampColumn,
  NullableTimestampColumn,
  JsonColumn,
  BigintColumn,
  NullableBigintColumn,
  NumberColumn,
  NullableNumberColumn,
  BooleanColumn,
  NullableBooleanColumn,
} from './persistence/column-shapes';
export type { ColumnTypes } from './persistence/column-types';
export {
  toDbTimestamp,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  toDbJson,
  fromDbJson,
  toDbBoolean,
  fromDbBoolean,
  fromDbInteger,
  fromDbIntegerOrNull,
} from './persistence/column-values';
export { newId, isId } from './persistence/ids';
export { encodeCursor, decodeCursor, InvalidCursorError } from './persistence/pagination/cursor';
export type { CursorKey, CursorPosition } from './persistence/pagination/cursor';
export { paginate, clampLimit, DEFAULT_PAGE_LIMIT, MAX_PAGE_LIMIT } from './persistence/pagination/paginate';
export type { Page, PageRequest, PageOrder, PaginateOptions } from './persistence/pagination/paginate';
export { AuditLogRepository } from './persistence/audit-log.repository';
export { DatabaseHealthIndicator, DEFAULT_DATABASE_HEALTH_TIMEOUT_MS } from './persistence/health/database.health';

// Audit trail.
export { AuditLog, AUDIT_PRUNED_ACTION } from './audit/audit-log.service';
export type { AuditPruneResult } from './audit/audit-log.service';
export { AuditChainVerifier, AUDIT_ANCHOR_KINDS, AUDIT_CHAIN_PROBLEMS } from './audit/audit-chain.verifier';
export type {
  AuditChainAnchor,
  AuditChainBreak,
  AuditChainProblem,
  AuditChainReport,
} from './audit/audit-chain.verifier';
export { GENESIS_HASH, AUDIT_CHAIN_VERSION, canonicalEntry, entryHash } from './audit/audit-chain';
export type {
  AuditChainHead,
  AuditLogEntry,
  AuditLogEntryInput,
  AuditLogQuery,
  AuditOutcome,
} from './audit/audit-log.types';
export { AUDIT_OUTCOMES } from './audit/audit-log.types';
export { AuditModule } from './audit/audit.module';
export { AuditWriter, AUDIT_DROPPED_ACTION } from './audit/audit-writer';
export { AuditRetention } from './audit/audit-retention';
export { AuditTrailService } from './audit/audit-trail.service';
export { HttpAuditRecorder } from './audit/http-audit.recorder';
export { isAudited, outcomeOf, requestEntry } from './audit/http-audit';
export type { AuditedRequest, ResponseFacts } from './audit/http-audit';

// Security: principals, roles, authentication, guards.
export { parseApiKeys, matchApiKey, ApiKeyParseError } from './security/api-keys';
export type { ApiKeyEntry } from './security/api-keys';
export { verifyJwt } from './security/jwt';
export type { JwtVerifyOptions } from './security/jwt';
export { parseIpAllowlist, IpAllowlist, IpAllowlistParseError } from './security/ip-allowlist';
export type { IpRule } from './security/ip-allowlist';
export { isAuthConfigured, isAuthEnforced, assertAuthConfigured } from './security/auth-config';
export type { WarnLogger } from './security/auth-config';
export { SecurityPolicy } from './security/security-policy';
export { matchesAnyPrefix } from './security/path-match';
export { Authenticator } from './security/authenticator';
export type { AuthResult } from './security/authenticator';
export { Public, RequireRole, CurrentPrincipal, IS_PUBLIC_KEY, REQUIRED_ROLE_KEY } from './security/decorators';
export { AuthGuard, authRequirement } from './security/auth.guard';
export type { RouteAuthRequirement } from './security/auth.guard';
export { IpAllowlistGuard } from './security/ip-allowlist.guard';
export { RateLimitGuard, principalTracker } from './security/rate-limit.guard';
export { RateLimitBudget } from './security/rate-limit-budget';
export { RedisThrottlerStorage } from './security/redis-throttler-storage';
export { findOpenRoutes, listNestRoutes, listServedRoutes } from './security/route-walker';
export type { OpenRoute, NestRoute, ServedRoute } from './security/route-walker';
export { SecurityModule } from './security/security.module';
export type { SecurityModuleAsyncOptions } from './security/security.module';
export { isRole, roleAtLeast, defaultRoleForMethod, ROLES } from './security/roles';
export type { Role } from './security/roles';
export {
  isSystemAdmin,
  getRequestPrincipal,
  setRequestPrincipal,
  DEFAULT_TENANT,
  ANONYMOUS_ADMIN,
  ANONYMOUS_VIEWER,
  PRINCIPAL_REQUEST_KEY,
  IDENTIFIER_PATTERN,
} from './security/principal';
export type { AuthMethod, Principal, RequestWithPrincipal } from './security/principal';
export {
  DEFAULT_OPEN_PATHS,
  DEFAULT_IP_ALLOWLIST_EXEMPT_PATHS,
  DEFAULT_RATE_LIMIT_EXEMPT_PATHS,
  SECURITY_OPTIONS,
} from './security/security-options';
export type { SecurityOptions } from './security/security-options';

// The module.
export { InfrastructureModule } from './infrastructure.module';

// Kysely's types, for the migrations and table types of other libs.
export type { Kysely, Migration } from 'kysely';
