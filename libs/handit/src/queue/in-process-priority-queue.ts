import { PRIORITIES, Priority } from '../tasks/task.types';
import { QueueEntry, TaskQueue } from './task-queue';

/** FIFO of ids with O(1) push/shift (array with a moving head, compacted now and then). */
class Fifo {
  private items: string[] = [];
  private head = 0;

  push(id: string): void {
    this.items.push(id);
  }

  peek(): string | undefined {
    return this.items[this.head];
  }

  shift(): string | undefined {
    const id = this.items[this.head];
    if (id === undefined) return undefined;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return id;
  }

  clear(): void {
    this.items = [];
    this.head = 0;
  }
}

/**
 * Five FIFO levels served in strict priority order, with aging: a waiting entry's rank improves
 * by one level per `agingIntervalMs`, so under a constant load of critical work a background
 * task still reaches the front (after 4 intervals it competes as critical, and being older it
 * wins the tie). Only the head of each level can be the best candidate (heads are the oldest of
 * their level), so choosing costs five comparisons.
 *
 * Cancelled entries are removed lazily: the map of live entries is the truth, the FIFOs may hold
 * stale ids that dequeue skips.
 */
export class InProcessPriorityQueue extends TaskQueue {
  private readonly levels = PRIORITIES.map(() => new Fifo());
  private readonly live = new Map<string, QueueEntry>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  private readonly listeners: (() => void)[] = [];

  constructor(private readonly agingIntervalMs: number, private readonly clock: () => number = Date.now) {
    super();
  }

  enqueue(entry: QueueEntry): void {
    if (this.live.has(entry.id)) return;
    this.live.set(entry.id, entry);
    const wait = entry.availableAt - this.clock();
    if (wait > 0) {
      this.delayed.set(
        entry.id,
        setTimeout(() => {
          this.delayed.delete(entry.id);
          if (!this.live.has(entry.id)) return;
          this.levels[PRIORITIES.indexOf(entry.priority)].push(entry.id);
          for (const listener of this.listeners) listener();
        }, wait).unref(),
      );
      return;
    }
    this.levels[PRIORITIES.indexOf(entry.priority)].push(entry.id);
  }

  dequeue(now = this.clock()): QueueEntry | undefined {
    let best: { level: number; entry: QueueEntry; rank: number } | undefined;
    for (let level = 0; level < this.levels.length; level++) {
      const entry = this.headOf(level);
      if (!entry) continue;
      const aged = Math.floor(Math.max(0, now - entry.enqueuedAt) / this.agingIntervalMs);
      const rank = Math.max(0, level - aged);
      if (!best || rank < best.rank || (rank === best.rank && entry.enqueuedAt < best.entry.enqueuedAt)) {
        best = { level, entry, rank };
      }
    }
    if (!best) return undefined;
    this.levels[best.level].shift();
    this.live.delete(best.entry.id);
    return best.entry;
  }

  remove(id: string): boolean {
    const timer = this.delayed.get(id);
    if (timer) {
      clearTimeout(timer);
      this.delayed.delete(id);
    }
    return this.live.delete(id);
  }

  has(id: string): boolean {
    return this.live.has(id);
  }

  get size(): number {
    return this.live.size;
  }

  depthByPriority(): Record<Priority, number> {
    const depth = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
    for (const entry of this.live.values()) depth[entry.priority]++;
    return depth;
  }

  onReady(listener: () => void): void {
    this.listeners.push(listener);
  }

  clear(): string[] {
    const ids = [...this.live.keys()];
    for (const timer of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.live.clear();
    for (const level of this.levels) level.clear();
    return ids;
  }

  close(): void {
    this.clear();
  }

  /** The oldest live entry of a level, discarding stale (removed) ids on the way. */
  private headOf(level: number): QueueEntry | undefined {
    const fifo = this.levels[level];
    for (;;) {
      const id = fifo.peek();
      if (id === undefined) return undefined;
      const entry = this.live.get(id);
      if (entry && !this.delayed.has(id)) return entry;
      fifo.shift();
    }
  }
}
