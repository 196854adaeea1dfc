import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
} from '@opentelemetry/api';
import type { AgentMessage } from './message.types';

/** The tracer of agent messaging and coordination runs. */
export const agentsTracer = () => trace.getTracer('agent-coordinator');

/** The active context's W3C traceparent, stored with a message so its later spans join the sender's trace. */
export function currentTraceParent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

/** The context a message's spans join: its send's trace, or the active one for a message sent untraced. */
export function messageContext(message: Pick<AgentMessage, 'traceParent'>): Context {
  return message.traceParent
    ? propagation.extract(ROOT_CONTEXT, { traceparent: message.traceParent })
    : context.active();
}

/** What a message's spans name of it. */
export type MessageRef = Pick<
  AgentMessage,
  'id' | 'tenant' | 'agentId' | 'type' | 'priority' | 'deliveries' | 'correlationId' | 'traceParent'
>;

function messageAttributes(message: MessageRef): Attributes {
  return {
    // The message's tenant owns the span: a claim or a sweep has no request of that tenant to inherit it from.
    'tenant.id': message.tenant,
    'messaging.system': 'agent-mailbox',
    'messaging.message.id': message.id,
    'messaging.destination.name': message.agentId,
    'message.type': message.type,
    'message.priority': message.priority,
    'message.delivery': message.deliveries,
    ...(message.correlationId ? { 'message.correlation_id': message.correlationId } : {}),
  };
}

/**
 * Records one step of a message's life (`claim`, `ack`, `nack`, `redelivery`, `dead_letter`) as a
 * span in its send's trace. These steps are instants in the store, so the span is started and
 * ended at once; `failed` marks it as an error (a dead letter, a nack).
 */
export function recordMessageEvent(
  event: 'claim' | 'ack' | 'nack' | 'redelivery' | 'dead_letter',
  message: MessageRef,
  extra: Attributes = {},
  failed?: string,
): void {
  const span = agentsTracer().startSpan(
    `agents.message.${event}`,
    { kind: SpanKind.CONSUMER, attributes: { ...messageAttributes(message), ...extra } },
    messageContext(message),
  );
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR, message: failed });
  span.end();
}
