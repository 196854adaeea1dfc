import type { Priority } from '../tasks/task.types';

export interface QueueEntry {
  id: string;
  priority: Priority;
  /** When the task entered the queue (ms since epoch); aging counts from here. */
  enqueuedAt: number;
  /** Not before this time (ms since epoch): retries wait out their backoff. */
  availableAt: number;
}

/**
 * The task queue contract. The in-process implementation serves the embedded mode; a Redis
 * (BullMQ) implementation can replace it for the distributed mode without touching callers.
 */
export abstract class TaskQueue {
  abstract enqueue(entry: QueueEntry): void;
  /** The next entry to run now, or undefined. */
  abstract dequeue(now?: number): QueueEntry | undefined;
  abstract remove(id: string): boolean;
  abstract has(id: string): boolean;
  /** Waiting entries, ready or delayed. */
  abstract get size(): number;
  abstract depthByPriority(): Record<Priority, number>;
  /** Called when a delayed entry becomes ready, so the runner can pull it. */
  abstract onReady(listener: () => void): void;
  /** Removes every waiting entry; returns their ids. */
  abstract clear(): string[];
  abstract close(): void;
}
