/** The most recent N items, oldest dropped first. */
export class RingBuffer<T> {
  private readonly items: T[] = [];

  constructor(readonly capacity: number) {}

  push(item: T): void {
    this.items.push(item);
    if (this.items.length > this.capacity) this.items.shift();
  }

  toArray(): T[] {
    return [...this.items];
  }

  get size(): number {
    return this.items.length;
  }
}

/** A set remembering at most N members, forgetting the oldest first. */
export class BoundedSet<T> {
  private readonly members = new Set<T>();

  constructor(readonly capacity: number) {}

  add(member: T): void {
    this.members.delete(member);
    this.members.add(member);
    if (this.members.size > this.capacity) this.members.delete(this.members.values().next().value as T);
  }

  has(member: T): boolean {
    return this.members.has(member);
  }

  get size(): number {
    return this.members.size;
  }
}
