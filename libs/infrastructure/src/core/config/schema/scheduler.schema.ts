import { Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min, ValidateNested } from 'class-validator';

// Schedules and the shared concurrency budget (libs/task-scheduler).

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
