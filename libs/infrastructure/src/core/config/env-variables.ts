/**
 * Every environment variable the service reads, and the setting it overrides. This table is the
 * only place the code reads configuration from the environment (a test checks it against
 * .env.example), so adding a variable means adding a row here and a line there (and, for a
 * secret, its name to SECRET_NAMES).
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

/** The rows of one section of AppConfig, written with paths relative to `section`. */
function under(section: string, rows: readonly EnvVariable[]): EnvVariable[] {
  return rows.map((row) => ({ ...row, path: `${section}.${row.path}` }));
}

const ROWS: readonly EnvVariable[] = [
  { name: 'CONFIG_FILE', path: '', kind: 'string' },
  ...under('service', [
    { name: 'PORT', path: 'port', kind: 'int' },
    { name: 'HOST', path: 'host', kind: 'string' },
    { name: 'NODE_ENV', path: 'environment', kind: 'string' },
    { name: 'ROLE', path: 'role', kind: 'string' },
    { name: 'LOG_LEVEL', path: 'logLevel', kind: 'string' },
    { name: 'WS_ENABLED', path: 'websocket.enabled', kind: 'bool' },
    { name: 'WS_MAX_SUBSCRIPTIONS', path: 'websocket.maxSubscriptions', kind: 'int' },
    { name: 'WS_MAX_BUFFERED_BYTES', path: 'websocket.maxBufferedBytes', kind: 'int' },
    { name: 'WS_AUTH_TIMEOUT_MS', path: 'websocket.authTimeoutMs', kind: 'int' },
    { name: 'WS_MAX_CONNECTIONS', path: 'websocket.maxConnections', kind: 'int' },
    { name: 'BODY_LIMIT', path: 'bodyLimit', kind: 'string' },
    { name: 'BODY_LIMIT_DEFAULT', path: 'body.defaultLimit', kind: 'string' },
    { name: 'BODY_MAX_DEPTH', path: 'body.maxDepth', kind: 'int' },
    { name: 'BODY_MAX_ARRAY_ITEMS', path: 'body.maxArrayItems', kind: 'int' },
    { name: 'BODY_MAX_OBJECT_KEYS', path: 'body.maxObjectKeys', kind: 'int' },
    { name: 'BODY_MAX_STRING_CHARS', path: 'body.maxStringChars', kind: 'int' },
    { name: 'BODY_MAX_VALUES', path: 'body.maxValues', kind: 'int' },
    { name: 'SHUTDOWN_TIMEOUT_MS', path: 'shutdownTimeoutMs', kind: 'int' },
    { name: 'TRUST_PROXY', path: 'trustProxy', kind: 'string' },
    { name: 'TLS_CERT_PATH', path: 'tls.certPath', kind: 'string' },
    { name: 'TLS_KEY_PATH', path: 'tls.keyPath', kind: 'string' },
  ]),
  ...under('database', [
    { name: 'DATABASE_URL', path: 'url', kind: 'string' },
    { name: 'SQLITE_PATH', path: 'sqlitePath', kind: 'string' },
    { name: 'DB_BUSY_TIMEOUT_MS', path: 'busyTimeoutMs', kind: 'int' },
    { name: 'DB_POOL_MAX', path: 'poolMax', kind: 'int' },
  ]),
  ...under('redis', [
    { name: 'REDIS_URL', path: 'url', kind: 'string' },
    { name: 'BULLMQ_PREFIX', path: 'bullmqPrefix', kind: 'string' },
  ]),
  ...under('performance.cache', [
    { name: 'CACHE_MAX_ENTRIES', path: 'maxEntries', kind: 'int' },
    { name: 'CACHE_TTL_MS', path: 'ttlMs', kind: 'int' },
    { name: 'CACHE_L1_MAX_ENTRIES', path: 'l1.maxEntries', kind: 'int' },
    { name: 'CACHE_L1_TTL_MS', path: 'l1.ttlMs', kind: 'int' },
    { name: 'CACHE_TTL_TASK_RESULT_MS', path: 'ttls.taskResult', kind: 'int' },
    { name: 'CACHE_TTL_MODELS_MS', path: 'ttls.models', kind: 'int' },
    { name: 'CACHE_TTL_CAPABILITIES_MS', path: 'ttls.capabilities', kind: 'int' },
    { name: 'CACHE_TTL_WORKFLOWS_MS', path: 'ttls.workflows', kind: 'int' },
  ]),
  ...under('aiComponents.handit', [
    { name: 'HANDIT_CONCURRENCY', path: 'concurrency', kind: 'int' },
    { name: 'HANDIT_WORKER_THREADS', path: 'workerThreads', kind: 'int' },
    { name: 'HANDIT_MAX_QUEUE_DEPTH', path: 'maxQueueDepth', kind: 'int' },
    { name: 'HANDIT_TASK_TIMEOUT_MS', path: 'defaultTimeoutMs', kind: 'int' },
    { name: 'HANDIT_MAX_ATTEMPTS', path: 'defaultMaxAttempts', kind: 'int' },
    { name: 'HANDIT_AGING_INTERVAL_MS', path: 'agingIntervalMs', kind: 'int' },
    { name: 'HANDIT_RETENTION_DAYS', path: 'retentionDays', kind: 'int' },
    { name: 'HANDIT_RECONCILE_INTERVAL_MS', path: 'reconcileIntervalMs', kind: 'int' },
    { name: 'HANDIT_LOCK_DURATION_MS', path: 'lockDurationMs', kind: 'int' },
    { name: 'TASK_HISTORY_MAX', path: 'historyMaxEntries', kind: 'int' },
    { name: 'COMPLETED_SET_MAX', path: 'completedSetMaxEntries', kind: 'int' },
    { name: 'DATA_QUALITY_POLICY', path: 'dataQuality.defaultPolicy', kind: 'string' },
    { name: 'DATA_QUALITY_ZERO_VOLUME_RUN', path: 'dataQuality.zeroVolumeRun', kind: 'int' },
    { name: 'HANDIT_ROUTING_REFRESH_MS', path: 'governance.refreshIntervalMs', kind: 'int' },
    { name: 'HANDIT_SHADOW_CONCURRENCY', path: 'governance.shadowConcurrency', kind: 'int' },
    { name: 'HANDIT_SHADOW_QUEUE_MAX', path: 'governance.shadowQueueMax', kind: 'int' },
    { name: 'HANDIT_AGREEMENT_TOLERANCE', path: 'governance.agreementTolerance', kind: 'number' },
    { name: 'HANDIT_MODEL_SECRET_PREFIX', path: 'governance.secretPrefix', kind: 'string' },
  ]),
  ...under('aiComponents.providerBreakers', [
    { name: 'PROVIDER_BREAKER_CONSECUTIVE_FAILURES', path: 'consecutiveFailures', kind: 'int' },
    { name: 'PROVIDER_BREAKER_FAILURE_RATE', path: 'failureRate', kind: 'number' },
    { name: 'PROVIDER_BREAKER_WINDOW', path: 'windowSize', kind: 'int' },
    { name: 'PROVIDER_BREAKER_MIN_CALLS', path: 'minimumCalls', kind: 'int' },
    { name: 'PROVIDER_BREAKER_HALF_OPEN_MS', path: 'halfOpenAfterMs', kind: 'int' },
  ]),
  ...under('aiComponents.handit.llm', [
    { name: 'LLM_BASE_URL', path: 'baseUrl', kind: 'string' },
    { name: 'LLM_API_KEY', path: 'apiKey', kind: 'string' },
    { name: 'LLM_MODEL', path: 'model', kind: 'string' },
    { name: 'LLM_TIMEOUT_MS', path: 'timeoutMs', kind: 'int' },
    { name: 'LLM_STREAM', path: 'stream', kind: 'bool' },
  ]),
  ...under('aiComponents.langgraph', [
    { name: 'WORKFLOW_APPROVAL_NOTIONAL', path: 'approvalNotional', kind: 'number' },
    { name: 'WORKFLOW_RUN_CONCURRENCY', path: 'runConcurrency', kind: 'int' },
    { name: 'WORKFLOW_MAX_QUEUED_RUNS', path: 'maxQueuedRuns', kind: 'int' },
    { name: 'WORKFLOW_RUN_TIMEOUT_MS', path: 'runTimeoutMs', kind: 'int' },
    { name: 'WORKFLOW_NODE_TIMEOUT_MS', path: 'nodeTimeoutMs', kind: 'int' },
    { name: 'WORKFLOW_MAX_WAIT_MS', path: 'maxWaitMs', kind: 'int' },
    { name: 'WORKFLOW_RETENTION_DAYS', path: 'retentionDays', kind: 'int' },
    { name: 'WORKFLOW_RISK_APPROVAL_TTL_MS', path: 'riskApprovalTtlMs', kind: 'int' },
    { name: 'WORKFLOW_RISK_PRICE_BAND', path: 'riskPriceBand', kind: 'number' },
  ]),
  { name: 'CALENDARS_MAX_RANGE_DAYS', path: 'marketCalendars.maxRangeDays', kind: 'int' },
  ...under('webhooks', [
    { name: 'WEBHOOKS_ENABLED', path: 'enabled', kind: 'bool' },
    { name: 'WEBHOOK_ALLOWLIST', path: 'allowlist', kind: 'list' },
    { name: 'WEBHOOK_TIMEOUT_MS', path: 'timeoutMs', kind: 'int' },
    { name: 'WEBHOOK_MAX_ATTEMPTS', path: 'maxAttempts', kind: 'int' },
    { name: 'WEBHOOK_BACKOFF_MS', path: 'backoffMs', kind: 'int' },
    { name: 'WEBHOOK_MAX_BACKOFF_MS', path: 'maxBackoffMs', kind: 'int' },
    { name: 'WEBHOOK_POLL_INTERVAL_MS', path: 'pollIntervalMs', kind: 'int' },
    { name: 'WEBHOOK_RETENTION_DAYS', path: 'retentionDays', kind: 'int' },
  ]),
  ...under('security', [
    { name: 'API_KEYS', path: 'apiKeys', kind: 'list' },
    { name: 'JWT_SECRET', path: 'jwt.secret', kind: 'string' },
    { name: 'JWT_ISSUER', path: 'jwt.issuer', kind: 'string' },
    { name: 'JWT_AUDIENCE', path: 'jwt.audience', kind: 'string' },
    { name: 'JWT_DEFAULT_TENANT', path: 'jwt.defaultTenant', kind: 'string' },
    { name: 'AUTH_DISABLED', path: 'authDisabled', kind: 'bool' },
    { name: 'AUTH_OPEN_PATHS', path: 'openPaths', kind: 'list' },
    { name: 'CORS_ORIGINS', path: 'corsOrigins', kind: 'list' },
    { name: 'IP_ALLOWLIST', path: 'ipAllowlist', kind: 'list' },
    { name: 'IP_ALLOWLIST_EXEMPT_PATHS', path: 'ipAllowlistExemptPaths', kind: 'list' },
    { name: 'RATE_LIMIT_TTL_MS', path: 'rateLimit.ttlMs', kind: 'int' },
    { name: 'RATE_LIMIT_MAX', path: 'rateLimit.max', kind: 'int' },
    { name: 'RATE_LIMIT_EXEMPT_PATHS', path: 'rateLimit.exemptPaths', kind: 'list' },
    { name: 'AUDIT_ENABLED', path: 'audit.enabled', kind: 'bool' },
    { name: 'AUDIT_RETENTION_DAYS', path: 'audit.retentionDays', kind: 'int' },
    { name: 'AUDIT_FLUSH_INTERVAL_MS', path: 'audit.flushIntervalMs', kind: 'int' },
    { name: 'AUDIT_BATCH_MAX', path: 'audit.batchMaxEntries', kind: 'int' },
    { name: 'AUDIT_QUEUE_MAX', path: 'audit.queueMaxEntries', kind: 'int' },
  ]),
  ...under('aiComponents.letta', [
    { name: 'MEMORY_MAX_CONTENT_CHARS', path: 'maxContentChars', kind: 'int' },
    { name: 'MEMORY_BULK_MAX', path: 'bulkMaxItems', kind: 'int' },
    { name: 'MEMORY_TRANSFER_MAX', path: 'transferMaxItems', kind: 'int' },
    { name: 'MEMORY_DEDUPE_SIMILARITY', path: 'dedupeSimilarity', kind: 'number' },
    { name: 'MEMORY_SWEEP_INTERVAL_MS', path: 'sweepIntervalMs', kind: 'int' },
    { name: 'MEMORY_SEMANTIC_MAX_AGE_DAYS', path: 'retention.semantic.maxAgeDays', kind: 'number' },
    { name: 'MEMORY_SEMANTIC_MAX_COUNT', path: 'retention.semantic.maxCount', kind: 'int' },
    { name: 'MEMORY_EPISODIC_MAX_AGE_DAYS', path: 'retention.episodic.maxAgeDays', kind: 'number' },
    { name: 'MEMORY_EPISODIC_MAX_COUNT', path: 'retention.episodic.maxCount', kind: 'int' },
    { name: 'MEMORY_PROCEDURAL_MAX_AGE_DAYS', path: 'retention.procedural.maxAgeDays', kind: 'number' },
    { name: 'MEMORY_PROCEDURAL_MAX_COUNT', path: 'retention.procedural.maxCount', kind: 'int' },
    { name: 'MEMORY_WEIGHT_RELEVANCE', path: 'ranking.relevanceWeight', kind: 'number' },
    { name: 'MEMORY_WEIGHT_RECENCY', path: 'ranking.recencyWeight', kind: 'number' },
    { name: 'MEMORY_WEIGHT_IMPORTANCE', path: 'ranking.importanceWeight', kind: 'number' },
    { name: 'MEMORY_WEIGHT_SIMILARITY', path: 'ranking.similarityWeight', kind: 'number' },
    { name: 'MEMORY_RECENCY_HALF_LIFE_HOURS', path: 'ranking.recencyHalfLifeHours', kind: 'number' },
    { name: 'MEMORY_BLOCK_LIMIT_CHARS', path: 'blocks.defaultLimitChars', kind: 'int' },
    { name: 'MEMORY_BLOCK_MAX_LIMIT_CHARS', path: 'blocks.maxLimitChars', kind: 'int' },
    { name: 'MEMORY_CONTEXT_MAX_TOKENS', path: 'context.maxBudgetTokens', kind: 'int' },
    { name: 'EMBEDDINGS_BASE_URL', path: 'embeddings.baseUrl', kind: 'string' },
    { name: 'EMBEDDINGS_MODEL', path: 'embeddings.model', kind: 'string' },
    { name: 'EMBEDDINGS_API_KEY', path: 'embeddings.apiKey', kind: 'string' },
    { name: 'EMBEDDINGS_TIMEOUT_MS', path: 'embeddings.timeoutMs', kind: 'int' },
  ]),
  ...under('monitoring', [
    { name: 'METRICS_ENABLED', path: 'metricsEnabled', kind: 'bool' },
    { name: 'PROFILING_ENABLED', path: 'profiling.enabled', kind: 'string' },
    { name: 'PROFILING_MAX_SECONDS', path: 'profiling.maxSeconds', kind: 'int' },
    { name: 'PROFILING_MAX_BYTES', path: 'profiling.maxBytes', kind: 'int' },
    { name: 'SWAGGER_ENABLED', path: 'swaggerEnabled', kind: 'bool' },
    { name: 'HEALTH_HEAP_LIMIT_MB', path: 'health.heapLimitMb', kind: 'int' },
    { name: 'HEALTH_DISK_THRESHOLD', path: 'health.diskThreshold', kind: 'number' },
    { name: 'MONITORING_SAMPLE_INTERVAL_MS', path: 'sampleIntervalMs', kind: 'int' },
    { name: 'MONITORING_SERIES_CAPACITY', path: 'seriesCapacity', kind: 'int' },
    { name: 'ALERT_EVALUATION_INTERVAL_MS', path: 'alerts.evaluationIntervalMs', kind: 'int' },
    { name: 'ALERT_WEBHOOK_URLS', path: 'alerts.webhookUrls', kind: 'list' },
    { name: 'ALERT_WEBHOOK_TIMEOUT_MS', path: 'alerts.webhookTimeoutMs', kind: 'int' },
    { name: 'ALERT_WEBHOOK_MAX_ATTEMPTS', path: 'alerts.webhookMaxAttempts', kind: 'int' },
    { name: 'ALERT_WEBHOOK_BACKOFF_MS', path: 'alerts.webhookBackoffMs', kind: 'int' },
    { name: 'ALERT_REPLICA_ID', path: 'alerts.replicaId', kind: 'string' },
    { name: 'ALERT_STALE_STATE_MS', path: 'alerts.staleStateMs', kind: 'int' },
  ]),
  ...under('scheduler', [
    { name: 'SCHEDULER_ENABLED', path: 'enabled', kind: 'bool' },
    { name: 'SCHEDULER_CONCURRENCY', path: 'concurrency', kind: 'int' },
    { name: 'SCHEDULER_POLL_INTERVAL_MS', path: 'pollIntervalMs', kind: 'int' },
    { name: 'SCHEDULER_MISSED_TOLERANCE_MS', path: 'missedToleranceMs', kind: 'int' },
    { name: 'SCHEDULER_MAX_SCHEDULES', path: 'maxSchedules', kind: 'int' },
    { name: 'SCHEDULER_MAX_PENDING_RUNS', path: 'maxPendingRuns', kind: 'int' },
    { name: 'SCHEDULER_RUN_RETENTION_DAYS', path: 'runRetentionDays', kind: 'int' },
    { name: 'SCHEDULER_JOB_TIMEOUT_MS', path: 'defaultTimeoutMs', kind: 'int' },
  ]),
  ...under('aiComponents.langfuse', [
    { name: 'TRACING_ENABLED', path: 'enabled', kind: 'bool' },
    { name: 'LANGFUSE_PUBLIC_KEY', path: 'publicKey', kind: 'string' },
    { name: 'LANGFUSE_SECRET_KEY', path: 'secretKey', kind: 'string' },
    { name: 'LANGFUSE_BASE_URL', path: 'baseUrl', kind: 'string' },
    { name: 'TRACING_SAMPLE_RATIO', path: 'samplingRatio', kind: 'number' },
    { name: 'TRACING_SENSITIVE_KEYS', path: 'sensitiveKeys', kind: 'list' },
    { name: 'TRACING_IGNORE_PATHS', path: 'ignorePaths', kind: 'list' },
    { name: 'TRACING_EXPORT_TIMEOUT_MS', path: 'export.timeoutMs', kind: 'int' },
    { name: 'TRACING_EXPORT_MAX_QUEUE', path: 'export.maxQueueSize', kind: 'int' },
    { name: 'TRACING_EXPORT_BATCH_SIZE', path: 'export.maxBatchSize', kind: 'int' },
    { name: 'TRACING_EXPORT_INTERVAL_MS', path: 'export.flushIntervalMs', kind: 'int' },
    { name: 'TRACING_SHUTDOWN_TIMEOUT_MS', path: 'export.shutdownTimeoutMs', kind: 'int' },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', path: 'otlp.endpoint', kind: 'string' },
    { name: 'OTEL_EXPORTER_OTLP_HEADERS', path: 'otlp.headers', kind: 'string' },
    { name: 'TRACE_STORE_ENABLED', path: 'store.enabled', kind: 'bool' },
    { name: 'TRACE_RETENTION_DAYS', path: 'store.retentionDays', kind: 'number' },
    { name: 'TRACE_STORE_FLUSH_INTERVAL_MS', path: 'store.flushIntervalMs', kind: 'int' },
    { name: 'TRACING_CAPTURE_IO', path: 'generations.capture', kind: 'bool' },
    { name: 'TRACING_CAPTURE_TENANTS', path: 'generations.captureTenants', kind: 'list' },
    { name: 'TRACING_NO_CAPTURE_TENANTS', path: 'generations.noCaptureTenants', kind: 'list' },
    { name: 'TRACING_CAPTURE_MODELS', path: 'generations.captureModels', kind: 'list' },
    { name: 'TRACING_NO_CAPTURE_MODELS', path: 'generations.noCaptureModels', kind: 'list' },
    { name: 'TRACING_CAPTURE_MAX_CHARS', path: 'generations.maxPayloadChars', kind: 'int' },
    { name: 'LANGFUSE_PROMPT_CACHE_TTL_SECONDS', path: 'prompts.cacheTtlSeconds', kind: 'int' },
    { name: 'LANGFUSE_PROMPT_TIMEOUT_MS', path: 'prompts.fetchTimeoutMs', kind: 'int' },
  ]),
  ...under('scheduler.budget', [
    { name: 'QUEUE_GLOBAL_CONCURRENCY', path: 'total', kind: 'int' },
    { name: 'QUEUE_INTERACTIVE_RESERVED', path: 'interactiveReserved', kind: 'int' },
    { name: 'QUEUE_MAX_WAITERS', path: 'maxWaiters', kind: 'int' },
  ]),
  ...under('agents', [
    { name: 'AGENTS_MAX', path: 'maxAgents', kind: 'int' },
    { name: 'AGENTS_MAX_PAYLOAD_BYTES', path: 'maxPayloadBytes', kind: 'int' },
    { name: 'AGENTS_MESSAGE_TTL_MS', path: 'defaultTtlMs', kind: 'int' },
    { name: 'AGENTS_LEASE_MS', path: 'leaseMs', kind: 'int' },
    { name: 'AGENTS_MAX_DELIVERIES', path: 'maxDeliveries', kind: 'int' },
    { name: 'AGENTS_NACK_DELAY_MS', path: 'nackDelayMs', kind: 'int' },
    { name: 'AGENTS_SWEEP_INTERVAL_MS', path: 'sweepIntervalMs', kind: 'int' },
    { name: 'AGENTS_HEARTBEAT_TIMEOUT_MS', path: 'heartbeatTimeoutMs', kind: 'int' },
    { name: 'AGENTS_RETENTION_DAYS', path: 'retentionDays', kind: 'int' },
    { name: 'AGENTS_HEALTH_THRESHOLD', path: 'health.threshold', kind: 'number' },
    { name: 'AGENTS_LATENCY_TARGET_MS', path: 'health.latencyTargetMs', kind: 'int' },
    { name: 'AGENTS_BREAKER_FAILURES', path: 'breaker.consecutiveFailures', kind: 'int' },
    { name: 'AGENTS_BREAKER_HALF_OPEN_MS', path: 'breaker.halfOpenAfterMs', kind: 'int' },
    { name: 'COORDINATION_TIMEOUT_MS', path: 'coordination.defaultTimeoutMs', kind: 'int' },
  ]),
];

/**
 * The variables whose values are secrets, named once here rather than flagged row by row, so that
 * what the service treats as a secret (read from <NAME>_FILE, masked in /status, mounted from a
 * Kubernetes Secret) reads as one list.
 */
const SECRET_NAMES: readonly string[] = [
  'DATABASE_URL',
  'REDIS_URL',
  'LLM_API_KEY',
  'API_KEYS',
  'JWT_SECRET',
  'EMBEDDINGS_API_KEY',
  'ALERT_WEBHOOK_URLS',
  'LANGFUSE_PUBLIC_KEY',
  'LANGFUSE_SECRET_KEY',
  'OTEL_EXPORTER_OTLP_HEADERS',
];

export const ENV_VARIABLES: readonly EnvVariable[] = markSecrets(ROWS, SECRET_NAMES);

/** The rows with `secret: true` on each named secret; a name with no row is a typo and fails at start-up. */
function markSecrets(rows: readonly EnvVariable[], secrets: readonly string[]): EnvVariable[] {
  const unknown = secrets.filter((name) => !rows.some((row) => row.name === name));
  if (unknown.length) throw new Error(`Secret variables without a row in ENV_VARIABLES: ${unknown.join(', ')}`);
  return rows.map((row) => (secrets.includes(row.name) ? { ...row, secret: true } : row));
}

/** Paths whose values are secrets, for masking the effective configuration. */
export const SECRET_PATHS: ReadonlySet<string> = new Set(
  ENV_VARIABLES.filter((v) => v.secret && v.path).map((v) => v.path),
);
