import type { Priority, Task } from '../tasks/task.types';

/** Handit's task queue as the scheduler's queue management and the concurrency budget name it. */
export const HANDIT_QUEUE = 'handit.tasks';

export interface QueueEntry {
  id: string;
  tenant: string;
  priority: Priority;
  /** When the task entered the queue (ms since epoch); aging counts from here. */
  enqueuedAt: number;
  /** Not before this time (ms since epoch): retries wait out their backoff. */
  availableAt: number;
}

/** A queued (or running) task as the distributed queue walks the rows: no input, options or outcome. */
export interface QueuedRef {
  id: string;
  tenant: string;
  priority: Priority;
  createdAt: Date;
  availableAt: Date;
}

/**
 * The task queue of the embedded mode (the distributed mode feeds the runner from BullMQ).
 * A held tenant's entries wait aside, out of the order, until the tenant is released; every
 * other tenant's entries keep being served in priority order.
 */
export abstract class TaskQueue {
  abstract enqueue(entry: QueueEntry): void;
  /** The next entry to run now, or undefined. */
  abstract dequeue(now?: number): QueueEntry | undefined;
  abstract remove(id: string): boolean;
  abstract has(id: string): boolean;
  /** Waiting entries, ready, delayed or held. */
  abstract get size(): number;
  abstract depthByPriority(): Record<Priority, number>;
  /** Called when a delayed entry becomes ready, so the runner can pull it. */
  abstract onReady(listener: () => void): void;
  /** Keeps the tenant's entries, present and future, from being dequeued. */
  abstract hold(tenant: string): void;
  /** Puts the tenant's held entries back in the order, where their age places them. */
  abstract release(tenant: string): void;
  abstract holds(tenant: string): boolean;
  /** Removes every waiting entry, or every one of `tenant`; returns their ids. Holds stay. */
  abstract clear(tenant?: string): string[];
  abstract close(): void;
}

/** A task's place in the queue. */
export function entryOf(task: Task): QueueEntry {
  const { id, tenant, priority } = task;
  return { id, tenant, priority, enqueuedAt: task.createdAt.getTime(), availableAt: task.availableAt.getTime() };
}
