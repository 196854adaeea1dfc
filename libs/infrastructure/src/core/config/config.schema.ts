import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * The shape of config/ai-orchestration.yml. Defaults live in that file only (it is always loaded
 * first); these classes say what is allowed, and their messages say so in words.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const NODE_ENVS = ['development', 'production', 'test'] as const;
/** api: HTTP and enqueue only; worker: executes tasks and schedules; all: both (one process). */
export const SERVICE_ROLES = ['api', 'worker', 'all'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

export class TlsSettings {
  @IsString() certPath: string;
  @IsString() keyPath: string;
}

/** Bounds on JSON request bodies, checked while they are read, before they are parsed. */
export class RequestBodySettings {
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size like 256kb or 1mb' }) defaultLimit: string;
  @IsInt() @Min(1) @Max(10_000) maxDepth: number;
  @IsInt() @Min(1) @Max(100_000_000) maxArrayItems: number;
  @IsInt() @Min(1) @Max(100_000_000) maxObjectKeys: number;
  @IsInt() @Min(1) @Max(1_000_000_000) maxStringChars: number;
  @IsInt() @Min(1) @Max(1_000_000_000) maxValues: number;
}

export class ServiceSettings {
  @IsString() name: string;
  @IsInt() @Min(0) @Max(65535) port: number;
  @IsString() host: string;
  @IsIn(NODE_ENVS) environment: (typeof NODE_ENVS)[number];
  @IsIn(SERVICE_ROLES) role: ServiceRole;
  @IsIn(LOG_LEVELS) logLevel: (typeof LOG_LEVELS)[number];
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size like 512kb or 1mb' }) bodyLimit: string;
  @ValidateNested() @Type(() => RequestBodySettings) body: RequestBodySettings;
  @IsInt() @Min(0) @Max(600_000) shutdownTimeoutMs: number;
  @Matches(
    /^(true|false|\d+|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*$/,
    {
      message: 'must be true, false, a hop count, or a comma-separated list of loopback|linklocal|uniquelocal|IP|CIDR',
    },
  )
  trustProxy: string;
  @ValidateNested() @Type(() => TlsSettings) tls: TlsSettings;
}

export class DatabaseSettings {
  @IsString()
  @Matches(/^($|postgres(ql)?:\/\/)/, { message: 'must be empty (embedded SQLite) or a postgres:// URL' })
  url: string;
  @IsString() sqlitePath: string;
  @IsInt() @Min(0) @Max(600_000) busyTimeoutMs: number;
  @IsInt() @Min(1) @Max(1000) poolMax: number;
}

export class RedisSettings {
  @IsString()
  @Matches(/^($|rediss?:\/\/)/, { message: 'must be empty or a redis:// / rediss:// URL' })
  url: string;
  /** Namespace of every BullMQ key and pub/sub channel, so deployments can share one Redis. */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: 'must be 1-64 letters, digits, _ . -' })
  bullmqPrefix: string;
}

export class ComponentToggle {
  @IsBoolean() enabled: boolean;
}

/** Retention of one memory type: 0 means no limit. */
export class LettaRetentionRule {
  @IsNumber() @Min(0) @Max(36_500) maxAgeDays: number;
  @IsInt() @Min(0) @Max(10_000_000) maxCount: number;
}

export class LettaRetentionSettings {
  @ValidateNested() @Type(() => LettaRetentionRule) semantic: LettaRetentionRule;
  @ValidateNested() @Type(() => LettaRetentionRule) episodic: LettaRetentionRule;
  @ValidateNested() @Type(() => LettaRetentionRule) procedural: LettaRetentionRule;
}

/** Search score = sum of weight x min-max normalised component (see libs/letta README section). */
export class LettaRankingSettings {
  @IsNumber() @Min(0) @Max(100) relevanceWeight: number;
  @IsNumber() @Min(0) @Max(100) recencyWeight: number;
  @IsNumber() @Min(0) @Max(100) importanceWeight: number;
  @IsNumber() @Min(0) @Max(100) similarityWeight: number;
  @IsNumber() @Min(0.001) @Max(1_000_000) recencyHalfLifeHours: number;
  @IsInt() @Min(1) @Max(5000) candidateLimit: number;
}

export class LettaBlockSettings {
  @IsInt() @Min(1) @Max(1_000_000) defaultLimitChars: number;
  @IsInt() @Min(1) @Max(1_000_000) maxLimitChars: number;
  @IsInt() @Min(1) @Max(1000) maxBlocksPerAgent: number;
}

export class LettaEmbeddingsSettings {
  @IsString() @Matches(/^($|https?:\/\/)/, { message: 'must be empty or an http(s) URL' }) baseUrl: string;
  @IsString() model: string;
  @IsString() apiKey: string;
  @IsInt() @Min(1) @Max(600_000) timeoutMs: number;
}

export class LettaContextSettings {
  @IsInt() @Min(1) @Max(1_000_000) defaultBudgetTokens: number;
  @IsInt() @Min(1) @Max(1_000_000) maxBudgetTokens: number;
  @IsInt() @Min(0) @Max(1000) recentMessages: number;
  @IsInt() @Min(0) @Max(1000) searchHits: number;
}

/** Agent memory (libs/letta). */
export class LettaSettings {
  @IsBoolean() enabled: boolean;
  @IsInt() @Min(1) @Max(1_000_000) maxContentChars: number;
  @IsInt() @Min(1) @Max(100_000) bulkMaxItems: number;
  @IsInt() @Min(1) @Max(10_000_000) transferMaxItems: number;
  @IsNumber() @Min(0) @Max(1) dedupeSimilarity: number;
  @IsInt() @Min(0) @Max(30 * 24 * 3600 * 1000) sweepIntervalMs: number;
  @ValidateNested() @Type(() => LettaRetentionSettings) retention: LettaRetentionSettings;
  @ValidateNested() @Type(() => LettaRankingSettings) ranking: LettaRankingSettings;
  @ValidateNested() @Type(() => LettaBlockSettings) blocks: LettaBlockSettings;
  @ValidateNested() @Type(() => LettaEmbeddingsSettings) embeddings: LettaEmbeddingsSettings;
  @ValidateNested() @Type(() => LettaContextSettings) context: LettaContextSettings;
}

export class LlmSettings {
  @IsString()
  @Matches(/^($|https?:\/\/)/, { message: 'must be empty (no LLM) or an http(s):// URL of an OpenAI-compatible API' })
  baseUrl: string;
  @IsString() apiKey: string;
  @IsString() model: string;
  @IsInt() @Min(100) @Max(600_000) timeoutMs: number;
}

/** What a tenant's candle inputs get when a data check fails: 400, warnings on the task, or nothing. */
export const DATA_POLICIES = ['reject', 'warn', 'ignore'] as const;
export type DataPolicy = (typeof DATA_POLICIES)[number];
/** `N` then m (minutes of market time), h (hours of market time) or d (trading days). */
export const STALENESS_PATTERN = /^[1-9]\d{0,4}[mhd]$/;
const STALENESS = { message: 'must be N then m, h (market time) or d (trading days), e.g. 15m, 3h, 1d' };

/**
 * How old the last candle of each interval may be. Minutes and hours count the time the venue was
 * open since the candle ended (a closed market is not stale); days count completed trading days.
 */
export class CandleStalenessSettings {
  @Matches(STALENESS_PATTERN, STALENESS) '1m': string;
  @Matches(STALENESS_PATTERN, STALENESS) '5m': string;
  @Matches(STALENESS_PATTERN, STALENESS) '15m': string;
  @Matches(STALENESS_PATTERN, STALENESS) '30m': string;
  @Matches(STALENESS_PATTERN, STALENESS) '1h': string;
  @Matches(STALENESS_PATTERN, STALENESS) '4h': string;
  @Matches(STALENESS_PATTERN, STALENESS) '1d': string;
}

/** Checks of candle inputs before analysis (staleness, gaps, duplicates, zero volume); tenants may override. */
export class DataQualitySettings {
  @IsIn(DATA_POLICIES) defaultPolicy: DataPolicy;
  /** Consecutive zero-volume candles that count as a problem (0 turns the check off). */
  @IsInt() @Min(0) @Max(100_000) zeroVolumeRun: number;
  @ValidateNested() @Type(() => CandleStalenessSettings) staleness: CandleStalenessSettings;
}

export class HanditSettings {
  @IsBoolean() enabled: boolean;
  /** Tasks executing at once in this process. */
  @IsInt() @Min(1) @Max(1024) concurrency: number;
  /** Worker threads for CPU-heavy quant models (0 = run on the main thread; tests only). */
  @IsInt() @Min(0) @Max(64) workerThreads: number;
  @IsInt() @Min(1) @Max(10_000_000) maxQueueDepth: number;
  @IsInt() @Min(100) @Max(3_600_000) defaultTimeoutMs: number;
  @IsInt() @Min(100) @Max(3_600_000) maxTimeoutMs: number;
  @IsInt() @Min(1) @Max(20) defaultMaxAttempts: number;
  @IsInt() @Min(1) @Max(600_000) retryBaseDelayMs: number;
  @IsInt() @Min(1) @Max(3_600_000) retryMaxDelayMs: number;
  /** A waiting task climbs one priority level per interval, so background work is never starved. */
  @IsInt() @Min(10) @Max(86_400_000) agingIntervalMs: number;
  /** Upper bound of `?wait=` on task creation. */
  @IsInt() @Min(0) @Max(300_000) maxWaitMs: number;
  @IsInt() @Min(1) @Max(1_000_000) historyMaxEntries: number;
  @IsInt() @Min(1) @Max(10_000_000) completedSetMaxEntries: number;
  @IsInt() @Min(1) @Max(3650) retentionDays: number;
  @IsInt() @Min(1) @Max(1_000_000) maxCandles: number;
  /** Distributed mode: how often workers re-enqueue rows that have no BullMQ job and age waiting jobs. */
  @IsInt() @Min(100) @Max(3_600_000) reconcileIntervalMs: number;
  /** Distributed mode: a worker that stops renewing a job's lock this long loses it to another. */
  @IsInt() @Min(1000) @Max(3_600_000) lockDurationMs: number;
  @ValidateNested() @Type(() => LlmSettings) llm: LlmSettings;
  @ValidateNested() @Type(() => DataQualitySettings) dataQuality: DataQualitySettings;
}

/** Where finished spans go besides the local store: batching bounds shared by every exporter. */
export class TracingExportSettings {
  @IsInt() @Min(100) @Max(120_000) timeoutMs: number;
  @IsInt() @Min(1) @Max(100_000) maxQueueSize: number;
  @IsInt() @Min(1) @Max(10_000) maxBatchSize: number;
  @IsInt() @Min(10) @Max(600_000) flushIntervalMs: number;
  /** Longest the service's shutdown waits for a backend to take what is queued; the rest is dropped. */
  @IsInt() @Min(0) @Max(60_000) shutdownTimeoutMs: number;
}

export class OtlpExportSettings {
  @IsString() @Matches(/^($|https?:\/\/)/, { message: 'must be empty or an http(s) URL' }) endpoint: string;
  /** `key=value,key2=value2` (the OTEL_EXPORTER_OTLP_HEADERS format). */
  @IsString() headers: string;
}

/** The local trace store: spans written to the service's database, kept `retentionDays`. */
export class TraceStoreSettings {
  @IsBoolean() enabled: boolean;
  @IsNumber() @Min(0.01) @Max(3650) retentionDays: number;
  @IsInt() @Min(10) @Max(600_000) flushIntervalMs: number;
  @IsInt() @Min(1) @Max(1_000_000) maxQueueSize: number;
  @IsInt() @Min(0) @Max(30 * 24 * 3600 * 1000) sweepIntervalMs: number;
}

/** Tracing (libs/langfuse): OpenTelemetry set-up, Langfuse / OTLP export, local store. */
export class LangfuseSettings {
  @IsBoolean() enabled: boolean;
  @IsString() publicKey: string;
  @IsString() secretKey: string;
  @IsString() @Matches(/^https?:\/\//, { message: 'must be an http(s) URL' }) baseUrl: string;
  @IsNumber() @Min(0) @Max(1) samplingRatio: number;
  @IsArray() @IsString({ each: true }) sensitiveKeys: string[];
  @ValidateNested() @Type(() => TracingExportSettings) export: TracingExportSettings;
  @ValidateNested() @Type(() => OtlpExportSettings) otlp: OtlpExportSettings;
  @ValidateNested() @Type(() => TraceStoreSettings) store: TraceStoreSettings;
}

/** Workflows (libs/langgraph): runs, approvals, checkpoints. */
export class LanggraphSettings {
  @IsBoolean() enabled: boolean;
  /** trading-analysis / portfolio-rebalance pause for a human above this position notional. */
  @IsNumber() @Min(0) @Max(1e15) approvalNotional: number;
  /** Runs executing at once in this process (a run waiting for a human holds no slot). */
  @IsInt() @Min(1) @Max(1000) runConcurrency: number;
  /** Runs waiting for a slot before execute answers 503 QUEUE_FULL. */
  @IsInt() @Min(1) @Max(1_000_000) maxQueuedRuns: number;
  /** Execution time of a run (time interrupted waiting for a human not counted) unless it sets its own. */
  @IsInt() @Min(100) @Max(24 * 3600 * 1000) runTimeoutMs: number;
  @IsInt() @Min(100) @Max(24 * 3600 * 1000) maxRunTimeoutMs: number;
  /** One node attempt's time bound unless the node sets its own. */
  @IsInt() @Min(100) @Max(3_600_000) nodeTimeoutMs: number;
  /** Upper bound of mode=sync / ?wait= on execute. */
  @IsInt() @Min(0) @Max(300_000) maxWaitMs: number;
  /** Largest dynamic definition (nodes) and registered versions per tenant. */
  @IsInt() @Min(1) @Max(1000) maxNodes: number;
  @IsInt() @Min(1) @Max(1_000_000) maxWorkflows: number;
  /** Compiled graphs kept in memory (LRU); a miss recompiles from the stored definition. */
  @IsInt() @Min(1) @Max(100_000) compiledCacheSize: number;
  /** Finished runs (with their nodes, events and checkpoints) kept in the database. */
  @IsInt() @Min(1) @Max(3650) retentionDays: number;
  /** How long a risk gate's approval request stays valid unless the node sets its own. */
  @IsInt() @Min(1000) @Max(7 * 24 * 3600 * 1000) riskApprovalTtlMs: number;
  /** Relative price move since a risk gate's request beyond which its approval lapses, unless the node sets one. */
  @IsNumber() @Min(0) @Max(1) riskPriceBand: number;
}

export class AiComponentsSettings {
  @ValidateNested() @Type(() => HanditSettings) handit: HanditSettings;
  @ValidateNested() @Type(() => LettaSettings) letta: LettaSettings;
  @ValidateNested() @Type(() => LanggraphSettings) langgraph: LanggraphSettings;
  @ValidateNested() @Type(() => LangfuseSettings) langfuse: LangfuseSettings;
}

export class CacheSettings {
  @IsInt() @Min(1) @Max(10_000_000) maxEntries: number;
  @IsInt() @Min(1) @Max(30 * 24 * 3600 * 1000) ttlMs: number;
}

export class PerformanceSettings {
  @ValidateNested() @Type(() => CacheSettings) cache: CacheSettings;
}

export class JwtSettings {
  @IsString() secret: string;
  @IsString() issuer: string;
  @IsString() audience: string;
  @IsInt() @Min(0) @Max(300) clockToleranceSec: number;
  /** '' = tokens must carry a `tenant` claim; a tenant name = the explicit opt-in for tokens without one. */
  @IsString()
  @Matches(/^$|^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, { message: 'must be empty or a tenant name' })
  defaultTenant: string;
}

export class RateLimitSettings {
  @IsInt() @Min(1) @Max(86_400_000) ttlMs: number;
  /** 0 turns rate limiting off. */
  @IsInt() @Min(0) @Max(10_000_000) max: number;
  @IsArray()
  @IsString({ each: true })
  @Matches(/^\//, { each: true, message: 'each exempt path must start with /' })
  exemptPaths: string[];
}

/** The audit trail (libs/infrastructure/src/audit): what it keeps and how it batches appends. */
export class AuditSettings {
  @IsBoolean() enabled: boolean;
  /** Entries older than this are pruned (as a prefix of the chain); 0 keeps them forever. */
  @IsInt() @Min(0) @Max(36_500) retentionDays: number;
  /** How long an entry may wait in memory for its batch. */
  @IsInt() @Min(1) @Max(10_000) flushIntervalMs: number;
  @IsInt() @Min(1) @Max(5_000) batchMaxEntries: number;
  /** Entries waiting beyond this are dropped and counted (an `audit.dropped` entry records how many). */
  @IsInt() @Min(1) @Max(1_000_000) queueMaxEntries: number;
}

export class SecuritySettings {
  @IsArray() @IsString({ each: true }) apiKeys: string[];
  @ValidateNested() @Type(() => JwtSettings) jwt: JwtSettings;
  @IsBoolean() authDisabled: boolean;
  @IsArray()
  @IsString({ each: true })
  @Matches(/^\//, { each: true, message: 'each open path must start with /' })
  openPaths: string[];
  @IsArray() @IsString({ each: true }) corsOrigins: string[];
  @IsArray() @IsString({ each: true }) ipAllowlist: string[];
  @IsArray()
  @IsString({ each: true })
  @Matches(/^\//, { each: true, message: 'each exempt path must start with /' })
  ipAllowlistExemptPaths: string[];
  @ValidateNested() @Type(() => RateLimitSettings) rateLimit: RateLimitSettings;
  @ValidateNested() @Type(() => AuditSettings) audit: AuditSettings;
}

export class HealthSettings {
  @IsInt() @Min(16) @Max(1_000_000) heapLimitMb: number;
  @IsNumber() @Min(0.01) @Max(1) diskThreshold: number;
  @IsString() diskPath: string;
}

export const ALERT_COMPARISONS = ['>', '>=', '<', '<=', '==', '!='] as const;
export const ALERT_SEVERITIES = ['info', 'warning', 'critical'] as const;
export const ALERT_REDUCERS = ['last', 'avg', 'min', 'max'] as const;

/** One alert rule from the config file (rules made through the API live in the database). */
export class AlertRuleSettings {
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/, { message: 'must be 1-100 letters, digits, _ . : -' }) name: string;
  @IsString() series: string;
  @IsIn(ALERT_COMPARISONS) comparison: (typeof ALERT_COMPARISONS)[number];
  @IsNumber() threshold: number;
  @IsInt() @Min(0) @Max(7 * 24 * 3600 * 1000) forMs: number;
  @IsIn(ALERT_SEVERITIES) severity: (typeof ALERT_SEVERITIES)[number];
  @IsIn(ALERT_REDUCERS) reduce: (typeof ALERT_REDUCERS)[number];
  @IsInt() @Min(0) @Max(24 * 3600 * 1000) windowMs: number;
}

export class AlertSettings {
  @IsInt() @Min(100) @Max(3_600_000) evaluationIntervalMs: number;
  @IsArray()
  @IsString({ each: true })
  @Matches(/^https?:\/\//, { each: true, message: 'each webhook must be an http(s) URL' })
  webhookUrls: string[];
  @IsInt() @Min(100) @Max(120_000) webhookTimeoutMs: number;
  @IsInt() @Min(1) @Max(20) webhookMaxAttempts: number;
  @IsInt() @Min(0) @Max(600_000) webhookBackoffMs: number;
  @IsInt() @Min(10) @Max(100_000) historyLimit: number;
  /** Whose alert state this process keeps; empty: `embedded` on SQLite, `<hostname>:<port>` on PostgreSQL. */
  @Matches(/^[A-Za-z0-9._:-]{0,200}$/, { message: 'must be at most 200 letters, digits, . _ : -' }) replicaId: string;
  /** Another replica's alert state not refreshed for this long is swept (firing → resolved); at least 4 x evaluationIntervalMs is used. */
  @IsInt() @Min(1000) @Max(7 * 24 * 3600 * 1000) staleStateMs: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AlertRuleSettings) rules: AlertRuleSettings[];
}

export class MonitoringSettings {
  @IsBoolean() metricsEnabled: boolean;
  @IsBoolean() defaultMetrics: boolean;
  @IsBoolean() swaggerEnabled: boolean;
  @ValidateNested() @Type(() => HealthSettings) health: HealthSettings;
  @IsInt() @Min(100) @Max(3_600_000) sampleIntervalMs: number;
  @IsInt() @Min(10) @Max(100_000) seriesCapacity: number;
  @IsInt() @Min(1) @Max(10_000) recentFailures: number;
  @ValidateNested() @Type(() => AlertSettings) alerts: AlertSettings;
}

/** The global concurrency budget every queue acquires its slots from (see README, fairness). */
export class ConcurrencyBudgetSettings {
  @IsInt() @Min(1) @Max(10_000) total: number;
  @IsInt() @Min(0) @Max(10_000) interactiveReserved: number;
  @IsInt() @Min(1) @Max(1_000_000) maxWaiters: number;
}

/** Schedules and runs (libs/task-scheduler). */
export class SchedulerSettings {
  @IsBoolean() enabled: boolean;
  @IsInt() @Min(1) @Max(1000) concurrency: number;
  @IsInt() @Min(50) @Max(3_600_000) pollIntervalMs: number;
  @IsInt() @Min(0) @Max(24 * 3600 * 1000) missedToleranceMs: number;
  @IsInt() @Min(1) @Max(100_000) maxSchedules: number;
  @IsInt() @Min(1) @Max(10_000_000) maxPendingRuns: number;
  @IsInt() @Min(1) @Max(10_000) maxQueuedPerSchedule: number;
  @IsInt() @Min(1) @Max(36_500) runRetentionDays: number;
  @IsInt() @Min(1) @Max(24 * 3600 * 1000) defaultTimeoutMs: number;
  @ValidateNested() @Type(() => ConcurrencyBudgetSettings) budget: ConcurrencyBudgetSettings;
}

/** Agent health: score formula inputs and the routing threshold (libs/agent-coordinator README). */
export class AgentHealthSettings {
  @IsNumber() @Min(0) @Max(100) threshold: number;
  @IsNumber() @Min(0.01) @Max(1) ewmaAlpha: number;
  @IsInt() @Min(1) @Max(3_600_000) latencyTargetMs: number;
  @IsInt() @Min(1) @Max(10_000) historySize: number;
  @IsInt() @Min(1) @Max(100_000) latencySamples: number;
}

/** One circuit breaker per agent (cockatiel ConsecutiveBreaker). */
export class AgentBreakerSettings {
  @IsInt() @Min(1) @Max(1000) consecutiveFailures: number;
  @IsInt() @Min(10) @Max(3_600_000) halfOpenAfterMs: number;
}

/** Coordination runs (sequential, parallel, consensus). */
export class CoordinationSettings {
  @IsInt() @Min(100) @Max(3_600_000) defaultTimeoutMs: number;
  @IsInt() @Min(100) @Max(3_600_000) maxTimeoutMs: number;
  @IsInt() @Min(1) @Max(1000) maxAgentsPerRun: number;
  @IsInt() @Min(0) @Max(300_000) maxWaitMs: number;
  @IsInt() @Min(1) @Max(3650) retentionDays: number;
}

/** Agent registry, mailboxes, health and coordination (libs/agent-coordinator). */
export class AgentsSettings {
  @IsBoolean() enabled: boolean;
  @IsInt() @Min(1) @Max(1_000_000) maxAgents: number;
  @IsInt() @Min(1) @Max(100 * 1024 * 1024) maxPayloadBytes: number;
  @IsInt() @Min(1000) @Max(30 * 24 * 3600 * 1000) defaultTtlMs: number;
  @IsInt() @Min(1000) @Max(30 * 24 * 3600 * 1000) maxTtlMs: number;
  @IsInt() @Min(100) @Max(3_600_000) leaseMs: number;
  @IsInt() @Min(100) @Max(24 * 3600 * 1000) maxLeaseMs: number;
  @IsInt() @Min(1000) @Max(24 * 3600 * 1000) builtinLeaseMs: number;
  @IsInt() @Min(1) @Max(100) maxDeliveries: number;
  @IsInt() @Min(0) @Max(3_600_000) nackDelayMs: number;
  @IsInt() @Min(0) @Max(300_000) maxWaitMs: number;
  @IsInt() @Min(1) @Max(1000) maxBatch: number;
  @IsInt() @Min(10) @Max(3_600_000) sweepIntervalMs: number;
  @IsInt() @Min(100) @Max(24 * 3600 * 1000) heartbeatTimeoutMs: number;
  @IsInt() @Min(1) @Max(10_000) maxBroadcastTargets: number;
  @IsInt() @Min(1) @Max(10_000_000) maxMailboxDepth: number;
  @IsInt() @Min(1) @Max(3650) retentionDays: number;
  @ValidateNested() @Type(() => AgentHealthSettings) health: AgentHealthSettings;
  @ValidateNested() @Type(() => AgentBreakerSettings) breaker: AgentBreakerSettings;
  @ValidateNested() @Type(() => CoordinationSettings) coordination: CoordinationSettings;
}

/**
 * An unscheduled change to a venue's calendar: a closure for the day, or an early close at closeAt
 * (venue-local HH:MM). The venue id is checked against the calendars when libs/market-calendars starts.
 */
export class CalendarAdjustmentSettings {
  @Matches(/^[A-Z][A-Z0-9-]{1,19}$/, { message: 'must be a calendar id such as XNYS or CME-EQUITY' }) venue: string;
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD (the venue-local trade date)' }) date: string;
  @IsOptional() @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'must be a local time HH:MM' }) closeAt?: string;
  @IsString() @Matches(/\S/, { message: 'must say why' }) reason: string;
}

/** Exchange calendars (libs/market-calendars). */
export class MarketCalendarsSettings {
  @IsInt() @Min(1) @Max(3660) maxRangeDays: number;
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => CalendarAdjustmentSettings)
  adjustments: CalendarAdjustmentSettings[];
}

export class OptionalSettings {
  @IsBoolean() events: boolean;
  @IsBoolean() validation: boolean;
  @IsBoolean() container: boolean;
  @IsBoolean() factory: boolean;
}

export class AppConfig {
  @ValidateNested() @Type(() => ServiceSettings) service: ServiceSettings;
  @ValidateNested() @Type(() => DatabaseSettings) database: DatabaseSettings;
  @ValidateNested() @Type(() => RedisSettings) redis: RedisSettings;
  @ValidateNested() @Type(() => AiComponentsSettings) aiComponents: AiComponentsSettings;
  @ValidateNested() @Type(() => PerformanceSettings) performance: PerformanceSettings;
  @ValidateNested() @Type(() => SecuritySettings) security: SecuritySettings;
  @ValidateNested() @Type(() => MonitoringSettings) monitoring: MonitoringSettings;
  @ValidateNested() @Type(() => SchedulerSettings) scheduler: SchedulerSettings;
  @ValidateNested() @Type(() => AgentsSettings) agents: AgentsSettings;
  @ValidateNested() @Type(() => MarketCalendarsSettings) marketCalendars: MarketCalendarsSettings;
  @ValidateNested() @Type(() => OptionalSettings) optional: OptionalSettings;
}
