import type { Context, Span } from '@opentelemetry/api';

const ROOT = Symbol('observability.root-span');

/** A request's SERVER span (httpTracingMiddleware) and the context it runs in. */
export interface RootSpan {
  readonly span: Span;
  readonly ctx: Context;
}

type TracedRequest = object & { [ROOT]?: RootSpan };

/** The request's root span and its context, when tracing is on. */
export function rootSpanOf(req: object): RootSpan | undefined {
  return (req as TracedRequest)[ROOT];
}

/** Records the root span httpTracingMiddleware started for the request. */
export function setRootSpan(req: object, root: RootSpan): void {
  (req as TracedRequest)[ROOT] = root;
}
