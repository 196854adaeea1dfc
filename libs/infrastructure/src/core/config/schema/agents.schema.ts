import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, Max, Min, ValidateNested } from 'class-validator';

// Agents (libs/agent-coordinator).

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
