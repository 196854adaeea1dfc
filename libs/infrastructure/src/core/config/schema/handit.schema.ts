import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

// AI tasks (libs/handit): execution bounds, the LLM provider and input data checks.

export class LlmSettings {
  @IsString()
  @Matches(/^($|https?:\/\/)/, { message: 'must be empty (no LLM) or an http(s):// URL of an OpenAI-compatible API' })
  baseUrl: string;
  @IsString() apiKey: string;
  @IsString() model: string;
  @IsInt() @Min(100) @Max(600_000) timeoutMs: number;
  /** Stream the answer, reporting the tokens received as the task's progress (the endpoint must support it). */
  @IsBoolean() stream: boolean;
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

/**
 * Model versions, routing and shadow runs: how fast a routing change made on another replica is
 * picked up, how much shadow work may wait, and what "agree" means in a comparison.
 */
export class ModelGovernanceSettings {
  /** Distributed mode: how often a replica reads the registry's revision (one tiny read, not per task). */
  @IsInt() @Min(100) @Max(600_000) refreshIntervalMs: number;
  /** Shadow runs executing at once on this replica (they never take a champion's slot). */
  @IsInt() @Min(1) @Max(64) shadowConcurrency: number;
  /** Shadow runs waiting on this replica; beyond it a run is skipped and counted, never queued unbounded. */
  @IsInt() @Min(1) @Max(100_000) shadowQueueMax: number;
  /** Numbers of a shadow's and its champion's results agree within this relative difference. */
  @IsNumber() @Min(0) @Max(1) agreementTolerance: number;
  /** External models name their auth secret by an environment variable with this prefix. */
  @Matches(/^[A-Z][A-Z0-9_]{1,40}$/, { message: 'must be an upper-case environment variable prefix' })
  secretPrefix: string;
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
  @ValidateNested() @Type(() => ModelGovernanceSettings) governance: ModelGovernanceSettings;
}
