import type { TraceIdentity } from './trace-identity';

/**
 * Session and user per recent trace id and tenant, bounded (least recently touched goes first).
 * Queued work may restore only `traceparent` from its stored carrier, not the baggage; its
 * spans then find their trace's identity here, as long as they run in this process while the
 * trace is among the latest `capacity`. Keyed by tenant too, so a caller who reuses another
 * tenant's trace id cannot lend its session or user to that tenant's queued work.
 */
export class IdentityRegistry {
  private readonly entries = new Map<string, TraceIdentity>();

  constructor(private readonly capacity = 10_000) {}

  get size(): number {
    return this.entries.size;
  }

  remember(traceId: string, tenant: string | null, identity: TraceIdentity): void {
    if (!identity.sessionId && !identity.userId) return;
    const key = keyOf(traceId, tenant);
    const merged = { ...this.entries.get(key) };
    if (identity.sessionId) merged.sessionId = identity.sessionId;
    if (identity.userId) merged.userId = identity.userId;
    this.entries.delete(key);
    this.entries.set(key, merged);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  get(traceId: string, tenant: string | null): TraceIdentity | undefined {
    return this.entries.get(keyOf(traceId, tenant));
  }
}

// Trace ids are hex and tenants never contain a space, so the key is unambiguous.
const keyOf = (traceId: string, tenant: string | null) => `${traceId} ${tenant ?? ''}`;
