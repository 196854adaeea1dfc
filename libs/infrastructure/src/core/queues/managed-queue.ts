import { SetMetadata } from '@nestjs/common';

/** Figures every queue in the service reports, for GET /api/v1/scheduler/queues and the dashboard. */
export interface ManagedQueueStats {
  name: string;
  paused: boolean;
  /** Waiting items per priority name (e.g. `{ critical: 0, high: 2, normal: 10, low: 0, background: 5 }`). */
  depthByPriority: Record<string, number>;
  queued: number;
  running: number;
  concurrency: number;
  /** Completed and failed in the last 60 s, for rates. */
  completedLastMinute: number;
  failedLastMinute: number;
}

/**
 * A queue that the scheduler's queue management can inspect and control without importing the
 * library that owns it. Paused queues accept work but start none; drain removes waiting items.
 */
export interface ManagedQueue {
  stats(): Promise<ManagedQueueStats>;
  pause(): Promise<void>;
  resume(): Promise<void>;
  /** Cancels every waiting (not running) item; returns how many. */
  drain(): Promise<{ removed: number }>;
}

export const MANAGED_QUEUE = 'infrastructure:managed-queue';

/** Marks a provider implementing ManagedQueue under its queue name (e.g. `handit.tasks`). */
export const ProvidesManagedQueue = (name: string): ClassDecorator => SetMetadata(MANAGED_QUEUE, name);
