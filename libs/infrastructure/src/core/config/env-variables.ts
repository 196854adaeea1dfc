/**
 * Every environment variable the service reads, and the setting it overrides. This table is the
 * only place the code reads configuration from the environment (a test checks it against
 * .env.example), so adding a variable means adding a row here and a line there.
 */
export type EnvKind = 'string' | 'int' | 'number' | 'bool' | 'list';

export interface EnvVariable {
  name: string;
  /** Dotted path into AppConfig; empty for variables that steer loading itself. */
  path: string;
  kind: EnvKind;
  /** Secrets may be given as <NAME>_FILE (Kubernetes/Docker secrets) and are masked in /status. */
  secret?: boolean;
}

export const ENV_VARIABLES: readonly EnvVariable[] = [
  { name: 'CONFIG_FILE', path: '', kind: 'string' },
  { name: 'PORT', path: 'service.port', kind: 'int' },
  { name: 'HOST', path: 'service.host', kind: 'string' },
  { name: 'NODE_ENV', path: 'service.environment', kind: 'string' },
  { name: 'LOG_LEVEL', path: 'service.logLevel', kind: 'string' },
  { name: 'BODY_LIMIT', path: 'service.bodyLimit', kind: 'string' },
  { name: 'SHUTDOWN_TIMEOUT_MS', path: 'service.shutdownTimeoutMs', kind: 'int' },
  { name: 'TRUST_PROXY', path: 'service.trustProxy', kind: 'string' },
  { name: 'TLS_CERT_PATH', path: 'service.tls.certPath', kind: 'string' },
  { name: 'TLS_KEY_PATH', path: 'service.tls.keyPath', kind: 'string' },
  { name: 'DATABASE_URL', path: 'database.url', kind: 'string', secret: true },
  { name: 'SQLITE_PATH', path: 'database.sqlitePath', kind: 'string' },
  { name: 'DB_BUSY_TIMEOUT_MS', path: 'database.busyTimeoutMs', kind: 'int' },
  { name: 'DB_POOL_MAX', path: 'database.poolMax', kind: 'int' },
  { name: 'REDIS_URL', path: 'redis.url', kind: 'string', secret: true },
  { name: 'CACHE_MAX_ENTRIES', path: 'performance.cache.maxEntries', kind: 'int' },
  { name: 'CACHE_TTL_MS', path: 'performance.cache.ttlMs', kind: 'int' },
  { name: 'HANDIT_CONCURRENCY', path: 'aiComponents.handit.concurrency', kind: 'int' },
  { name: 'HANDIT_WORKER_THREADS', path: 'aiComponents.handit.workerThreads', kind: 'int' },
  { name: 'HANDIT_MAX_QUEUE_DEPTH', path: 'aiComponents.handit.maxQueueDepth', kind: 'int' },
  { name: 'HANDIT_TASK_TIMEOUT_MS', path: 'aiComponents.handit.defaultTimeoutMs', kind: 'int' },
  { name: 'HANDIT_MAX_ATTEMPTS', path: 'aiComponents.handit.defaultMaxAttempts', kind: 'int' },
  { name: 'HANDIT_AGING_INTERVAL_MS', path: 'aiComponents.handit.agingIntervalMs', kind: 'int' },
  { name: 'HANDIT_RETENTION_DAYS', path: 'aiComponents.handit.retentionDays', kind: 'int' },
  { name: 'TASK_HISTORY_MAX', path: 'aiComponents.handit.historyMaxEntries', kind: 'int' },
  { name: 'COMPLETED_SET_MAX', path: 'aiComponents.handit.completedSetMaxEntries', kind: 'int' },
  { name: 'LLM_BASE_URL', path: 'aiComponents.handit.llm.baseUrl', kind: 'string' },
  { name: 'LLM_API_KEY', path: 'aiComponents.handit.llm.apiKey', kind: 'string', secret: true },
  { name: 'LLM_MODEL', path: 'aiComponents.handit.llm.model', kind: 'string' },
  { name: 'LLM_TIMEOUT_MS', path: 'aiComponents.handit.llm.timeoutMs', kind: 'int' },
  { name: 'API_KEYS', path: 'security.apiKeys', kind: 'list', secret: true },
  { name: 'JWT_SECRET', path: 'security.jwt.secret', kind: 'string', secret: true },
  { name: 'JWT_ISSUER', path: 'security.jwt.issuer', kind: 'string' },
  { name: 'JWT_AUDIENCE', path: 'security.jwt.audience', kind: 'string' },
  { name: 'AUTH_DISABLED', path: 'security.authDisabled', kind: 'bool' },
  { name: 'AUTH_OPEN_PATHS', path: 'security.openPaths', kind: 'list' },
  { name: 'CORS_ORIGINS', path: 'security.corsOrigins', kind: 'list' },
  { name: 'IP_ALLOWLIST', path: 'security.ipAllowlist', kind: 'list' },
  { name: 'RATE_LIMIT_TTL_MS', path: 'security.rateLimit.ttlMs', kind: 'int' },
  { name: 'RATE_LIMIT_MAX', path: 'security.rateLimit.max', kind: 'int' },
  { name: 'MEMORY_MAX_CONTENT_CHARS', path: 'aiComponents.letta.maxContentChars', kind: 'int' },
  { name: 'MEMORY_BULK_MAX', path: 'aiComponents.letta.bulkMaxItems', kind: 'int' },
  { name: 'MEMORY_TRANSFER_MAX', path: 'aiComponents.letta.transferMaxItems', kind: 'int' },
  { name: 'MEMORY_DEDUPE_SIMILARITY', path: 'aiComponents.letta.dedupeSimilarity', kind: 'number' },
  { name: 'MEMORY_SWEEP_INTERVAL_MS', path: 'aiComponents.letta.sweepIntervalMs', kind: 'int' },
  { name: 'MEMORY_SEMANTIC_MAX_AGE_DAYS', path: 'aiComponents.letta.retention.semantic.maxAgeDays', kind: 'number' },
  { name: 'MEMORY_SEMANTIC_MAX_COUNT', path: 'aiComponents.letta.retention.semantic.maxCount', kind: 'int' },
  { name: 'MEMORY_EPISODIC_MAX_AGE_DAYS', path: 'aiComponents.letta.retention.episodic.maxAgeDays', kind: 'number' },
  { name: 'MEMORY_EPISODIC_MAX_COUNT', path: 'aiComponents.letta.retention.episodic.maxCount', kind: 'int' },
  { name: 'MEMORY_PROCEDURAL_MAX_AGE_DAYS', path: 'aiComponents.letta.retention.procedural.maxAgeDays', kind: 'number' },
  { name: 'MEMORY_PROCEDURAL_MAX_COUNT', path: 'aiComponents.letta.retention.procedural.maxCount', kind: 'int' },
  { name: 'MEMORY_WEIGHT_RELEVANCE', path: 'aiComponents.letta.ranking.relevanceWeight', kind: 'number' },
  { name: 'MEMORY_WEIGHT_RECENCY', path: 'aiComponents.letta.ranking.recencyWeight', kind: 'number' },
  { name: 'MEMORY_WEIGHT_IMPORTANCE', path: 'aiComponents.letta.ranking.importanceWeight', kind: 'number' },
  { name: 'MEMORY_WEIGHT_SIMILARITY', path: 'aiComponents.letta.ranking.similarityWeight', kind: 'number' },
  { name: 'MEMORY_RECENCY_HALF_LIFE_HOURS', path: 'aiComponents.letta.ranking.recencyHalfLifeHours', kind: 'number' },
  { name: 'MEMORY_BLOCK_LIMIT_CHARS', path: 'aiComponents.letta.blocks.defaultLimitChars', kind: 'int' },
  { name: 'MEMORY_BLOCK_MAX_LIMIT_CHARS', path: 'aiComponents.letta.blocks.maxLimitChars', kind: 'int' },
  { name: 'MEMORY_CONTEXT_MAX_TOKENS', path: 'aiComponents.letta.context.maxBudgetTokens', kind: 'int' },
  { name: 'EMBEDDINGS_BASE_URL', path: 'aiComponents.letta.embeddings.baseUrl', kind: 'string' },
  { name: 'EMBEDDINGS_MODEL', path: 'aiComponents.letta.embeddings.model', kind: 'string' },
  { name: 'EMBEDDINGS_API_KEY', path: 'aiComponents.letta.embeddings.apiKey', kind: 'string', secret: true },
  { name: 'EMBEDDINGS_TIMEOUT_MS', path: 'aiComponents.letta.embeddings.timeoutMs', kind: 'int' },
  { name: 'METRICS_ENABLED', path: 'monitoring.metricsEnabled', kind: 'bool' },
  { name: 'SWAGGER_ENABLED', path: 'monitoring.swaggerEnabled', kind: 'bool' },
  { name: 'HEALTH_HEAP_LIMIT_MB', path: 'monitoring.health.heapLimitMb', kind: 'int' },
  { name: 'HEALTH_DISK_THRESHOLD', path: 'monitoring.health.diskThreshold', kind: 'number' },
  { name: 'MONITORING_SAMPLE_INTERVAL_MS', path: 'monitoring.sampleIntervalMs', kind: 'int' },
  { name: 'MONITORING_SERIES_CAPACITY', path: 'monitoring.seriesCapacity', kind: 'int' },
  { name: 'ALERT_EVALUATION_INTERVAL_MS', path: 'monitoring.alerts.evaluationIntervalMs', kind: 'int' },
  { name: 'ALERT_WEBHOOK_URLS', path: 'monitoring.alerts.webhookUrls', kind: 'list', secret: true },
  { name: 'ALERT_WEBHOOK_TIMEOUT_MS', path: 'monitoring.alerts.webhookTimeoutMs', kind: 'int' },
  { name: 'ALERT_WEBHOOK_MAX_ATTEMPTS', path: 'monitoring.alerts.webhookMaxAttempts', kind: 'int' },
  { name: 'ALERT_WEBHOOK_BACKOFF_MS', path: 'monitoring.alerts.webhookBackoffMs', kind: 'int' },
  { name: 'SCHEDULER_ENABLED', path: 'scheduler.enabled', kind: 'bool' },
  { name: 'SCHEDULER_CONCURRENCY', path: 'scheduler.concurrency', kind: 'int' },
  { name: 'SCHEDULER_POLL_INTERVAL_MS', path: 'scheduler.pollIntervalMs', kind: 'int' },
  { name: 'SCHEDULER_MISSED_TOLERANCE_MS', path: 'scheduler.missedToleranceMs', kind: 'int' },
  { name: 'SCHEDULER_MAX_SCHEDULES', path: 'scheduler.maxSchedules', kind: 'int' },
  { name: 'SCHEDULER_MAX_PENDING_RUNS', path: 'scheduler.maxPendingRuns', kind: 'int' },
  { name: 'SCHEDULER_RUN_RETENTION_DAYS', path: 'scheduler.runRetentionDays', kind: 'int' },
  { name: 'SCHEDULER_JOB_TIMEOUT_MS', path: 'scheduler.defaultTimeoutMs', kind: 'int' },
  { name: 'QUEUE_GLOBAL_CONCURRENCY', path: 'scheduler.budget.total', kind: 'int' },
  { name: 'QUEUE_INTERACTIVE_RESERVED', path: 'scheduler.budget.interactiveReserved', kind: 'int' },
  { name: 'QUEUE_MAX_WAITERS', path: 'scheduler.budget.maxWaiters', kind: 'int' },
];

/** Paths whose values are secrets, for masking the effective configuration. */
export const SECRET_PATHS: ReadonlySet<string> = new Set(
  ENV_VARIABLES.filter((v) => v.secret && v.path).map((v) => v.path),
);
