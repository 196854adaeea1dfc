import type { TraceIdentity } from './trace-identity';

/**
 * Session and user per recent trace id, bounded (least recently touched goes first). Queued
 * work may restore only `traceparent` from its stored carrier, not the baggage; its spans then
 * find their trace's identity here, as long as they run in this process while the trace is
 * among the latest `capacity`.
 */
export class IdentityRegistry {
  private readonly entries = new Map<string, TraceIdentity>();

  constructor(private readonly capacity = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  remember(traceId: string, identity: TraceIdentity): void {
    if (!identity.sessionId && !identity.userId) return;
    const merged = { ...this.entries.get(traceId) };
    if (identity.sessionId) merged.sessionId = identity.sessionId;
    if (identity.userId) merged.userId = identity.userId;
    this.entries.delete(traceId);
    this.entries.set(traceId, merged);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(traceId: string): TraceIdentity | undefined {
    return this.entries.get(traceId);
  }
}
