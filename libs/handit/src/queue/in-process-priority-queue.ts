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

  /** Replaces the waiting ids (from the head on) with `ids`. */
  reset(ids: string[]): void {
    this.items = ids;
    this.head = 0;
  }

  /** The waiting ids, head first. */
  waiting(): string[] {
    return this.items.slice(this.head);
  }
}

const byAge = (a: QueueEntry, b: QueueEntry) => a.enqueuedAt - b.enqueuedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Five FIFO levels served in strict priority order, with aging: a waiting entry's rank improves
 * by one level per `agingIntervalMs`, so under a constant load of critical work a background
 * task still reaches the front (after 4 intervals it competes as critical, and being older it
 * wins the tie). Only the head of each level can be the best candidate (heads are the oldest of
 * their level), so choosing costs five comparisons.
 *
 * Cancelled entries are removed lazily: the map of live entries is the truth, the FIFOs may hold
 * stale ids that dequeue skips.
 *
 * A held tenant's entries (its work is paused) move aside to `held`, so they neither run nor
 * block anyone; on release they go back to their levels, re-sorted by age, as if never held.
 */
export class InProcessPriorityQueue extends TaskQueue {
  private readonly levels = PRIORITIES.map(() => new Fifo());
  private readonly live = new Map<string, QueueEntry>();
  private readonly delayed = new Map<string, NodeJS.Timeout>();
  /** Entries of held tenants, by tenant; a held tenant has a map even when it has no entries. */
  private readonly held = new Map<string, Map<string, QueueEntry>>();
  private readonly listeners: (() => void)[] = [];

  constructor(
    private readonly agingIntervalMs: number,
    private readonly clock: () => number = Date.now,
  ) {
    super();
  }

  enqueue(entry: QueueEntry): void {
    if (this.has(entry.id)) return;
    const held = this.held.get(entry.tenant);
    if (held) {
      held.set(entry.id, entry);
      return;
    }
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
    this.cancelTimer(id);
    if (this.live.delete(id)) return true;
    for (const held of this.held.values()) if (held.delete(id)) return true;
    return false;
  }

  has(id: string): boolean {
    return this.live.has(id) || [...this.held.values()].some((held) => held.has(id));
  }

  get size(): number {
    let size = this.live.size;
    for (const held of this.held.values()) size += held.size;
    return size;
  }

  depthByPriority(): Record<Priority, number> {
    const depth = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
    for (const entry of this.entries()) depth[entry.priority]++;
    return depth;
  }

  hold(tenant: string): void {
    if (this.held.has(tenant)) return;
    const held = new Map<string, QueueEntry>();
    for (const [id, entry] of this.live) {
      if (entry.tenant !== tenant) continue;
      // Its id stays in a FIFO as a stale one, which dequeue skips.
      this.cancelTimer(id);
      this.live.delete(id);
      held.set(id, entry);
    }
    this.held.set(tenant, held);
  }

  release(tenant: string): void {
    const held = this.held.get(tenant);
    if (!held) return;
    this.held.delete(tenant);
    const levels = new Set<number>();
    for (const entry of [...held.values()].sort(byAge)) {
      this.enqueue(entry);
      levels.add(PRIORITIES.indexOf(entry.priority));
    }
    for (const level of levels) this.resort(level);
    if (held.size) for (const listener of this.listeners) listener();
  }

  holds(tenant: string): boolean {
    return this.held.has(tenant);
  }

  onReady(listener: () => void): void {
    this.listeners.push(listener);
  }

  clear(tenant?: string): string[] {
    if (tenant !== undefined) {
      const ids = [...this.entries()].filter((e) => e.tenant === tenant).map((e) => e.id);
      for (const id of ids) this.remove(id);
      return ids;
    }
    const ids = [...this.entries()].map((e) => e.id);
    for (const timer of this.delayed.values()) clearTimeout(timer);
    this.delayed.clear();
    this.live.clear();
    for (const level of this.levels) level.clear();
    for (const held of this.held.values()) held.clear();
    return ids;
  }

  close(): void {
    this.clear();
  }

  private *entries(): IterableIterator<QueueEntry> {
    yield* this.live.values();
    for (const held of this.held.values()) yield* held.values();
  }

  private cancelTimer(id: string): void {
    const timer = this.delayed.get(id);
    if (!timer) return;
    clearTimeout(timer);
    this.delayed.delete(id);
  }

  /** Orders a level's ready entries by age again (after a release), dropping stale and repeated ids. */
  private resort(level: number): void {
    const ids = new Set(this.levels[level].waiting());
    const ready = [...ids]
      .map((id) => this.live.get(id))
      .filter((e): e is QueueEntry => !!e && !this.delayed.has(e.id));
    this.levels[level].reset(ready.sort(byAge).map((e) => e.id));
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
