/** A set remembering at most N members, forgetting the oldest first (insertion order). */
export class BoundedSet<T> {
  private readonly members = new Set<T>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('bounded set capacity must be a positive integer');
  }

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
