import { context, propagation, ROOT_CONTEXT, trace, type Context, type Link } from '@opentelemetry/api';
import type { Run } from '../scheduler.types';

/** The tracer of scheduler runs. */
export const schedulerTracer = () => trace.getTracer('task-scheduler');

/** The active context's W3C traceparent (the request creating a schedule or triggering a run). */
export function currentTraceParent(): string | null {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return carrier.traceparent ?? null;
}

function extracted(traceParent: string): Context {
  return propagation.extract(ROOT_CONTEXT, { traceparent: traceParent });
}

/**
 * Where a run's attempt spans go: a run created from a request (a one-off schedule, a manual
 * trigger) joins that request's trace; a recurring firing starts a trace of its own, linked to
 * the schedule's creation, so one schedule does not grow one endless trace.
 */
export function runParent(run: Run, scheduleTraceParent: string | null): { parent: Context; links: Link[] } {
  if (run.traceParent) return { parent: extracted(run.traceParent), links: [] };
  const link = scheduleTraceParent ? trace.getSpanContext(extracted(scheduleTraceParent)) : undefined;
  return { parent: ROOT_CONTEXT, links: link ? [{ context: link }] : [] };
}
