import { IsBoolean, IsInt, IsNumber, Max, Min } from 'class-validator';

// Workflows (libs/langgraph).

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
