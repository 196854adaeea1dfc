import type { MemoryType } from '../memories/memory.types';

/** Why the retention sweeper removed memories. */
export const REMOVAL_REASONS = ['expired', 'max-age', 'over-count'] as const;
export type RemovalReason = (typeof REMOVAL_REASONS)[number];

/** How many memories of one agent and type a sweep removed for one reason. */
export interface RemovalEntry {
  tenant: string;
  agentId: string;
  type: MemoryType;
  reason: RemovalReason;
  count: number;
}

/** What one retention sweep removed. */
export interface SweepReport {
  startedAt: Date;
  finishedAt: Date;
  /** Memories removed in this run. */
  total: number;
  byReason: Record<RemovalReason, number>;
  /** Per agent, type and reason; at most MAX_REPORT_ENTRIES (retention.service.ts) entries. */
  removed: RemovalEntry[];
  /** False when a bound stopped the run early; the next run continues. */
  complete: boolean;
}
