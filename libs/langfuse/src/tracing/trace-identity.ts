import { Baggage, Context, propagation } from '@opentelemetry/api';

/**
 * Trace-level identity (who and which conversation) carried in W3C baggage, so it reaches every
 * span of the trace, including work queued and executed later from a stored carrier
 * (`propagation.inject` writes `baggage` beside `traceparent`). Keys are Langfuse's trace
 * attribute names, which are also the OpenTelemetry semantic names.
 */
export const SESSION_ID_KEY = 'session.id';
export const USER_ID_KEY = 'user.id';
/**
 * The tenant a span belongs to, as an attribute only, never in baggage: a caller could send
 * baggage. Set on the request's root span by the gateway and on background work's spans by
 * the domain code that starts them; children in the same process inherit it (see
 * IdentitySpanProcessor). The trace store files every span under it.
 */
export const TENANT_ID_KEY = 'tenant.id';

// Ids end up in database rows, labels and Langfuse filters; keep them plain and short.
const ACCEPTABLE_ID = /^[A-Za-z0-9._:@/-]{1,200}$/;

export function acceptableId(value: unknown): string | undefined {
  return typeof value === 'string' && ACCEPTABLE_ID.test(value) ? value : undefined;
}

export interface TraceIdentity {
  sessionId?: string;
  userId?: string;
}

/** The identity in a context's baggage. */
export function identityOf(ctx: Context): TraceIdentity {
  const baggage = propagation.getBaggage(ctx);
  return {
    sessionId: acceptableId(baggage?.getEntry(SESSION_ID_KEY)?.value),
    userId: acceptableId(baggage?.getEntry(USER_ID_KEY)?.value),
  };
}

/**
 * Replaces the identity in a context's baggage. Identity a caller sent in its own `baggage`
 * header is removed first: only this service decides who the user is.
 */
export function withIdentity(ctx: Context, identity: TraceIdentity): Context {
  let baggage: Baggage = (propagation.getBaggage(ctx) ?? propagation.createBaggage()).removeEntries(
    SESSION_ID_KEY,
    USER_ID_KEY,
  );
  if (identity.sessionId) baggage = baggage.setEntry(SESSION_ID_KEY, { value: identity.sessionId });
  if (identity.userId) baggage = baggage.setEntry(USER_ID_KEY, { value: identity.userId });
  return propagation.setBaggage(ctx, baggage);
}
