/** Fixed-capacity FIFO: the oldest item is overwritten once full, so memory never grows. */
export class RingBuffer<T> {
  private readonly items: T[] = [];
  private start = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('ring buffer capacity must be a positive integer');
  }

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.items.length < this.capacity) this.items.push(item);
    else {
      this.items[this.start] = item;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Oldest first. */
  toArray(): T[] {
    return [...this.items.slice(this.start), ...this.items.slice(0, this.start)];
  }

  last(): T | undefined {
    return this.items.length ? this.items[(this.start + this.items.length - 1) % this.items.length] : undefined;
  }
}
