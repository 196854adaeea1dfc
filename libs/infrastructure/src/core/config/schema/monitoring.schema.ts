import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

// Health probes, metric series and alerts (libs/monitoring-orchestrator).

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
  /**
   * Another replica's alert state not refreshed for this long is swept (firing → resolved); at least
   * 4 x evaluationIntervalMs is used.
   */
  @IsInt() @Min(1000) @Max(7 * 24 * 3600 * 1000) staleStateMs: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => AlertRuleSettings) rules: AlertRuleSettings[];
}

export const PROFILING_MODES = ['auto', 'true', 'false'] as const;

/** On-demand CPU profiles and heap snapshots (POST /api/v1/operations/profile). */
export class ProfilingSettings {
  /** auto: on, except with NODE_ENV=production; true / false: as said. */
  @IsIn(PROFILING_MODES) enabled: (typeof PROFILING_MODES)[number];
  @IsInt() @Min(1) @Max(300) maxSeconds: number;
  @IsInt() @Min(1_048_576) @Max(4_294_967_296) maxBytes: number;
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
  @ValidateNested() @Type(() => ProfilingSettings) profiling: ProfilingSettings;
}
