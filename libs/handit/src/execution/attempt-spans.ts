import { propagation, ROOT_CONTEXT, trace, type Attributes, type Context } from '@opentelemetry/api';
import type { Task } from '../tasks/task.types';

/** The tracer of task attempts. */
export const tracer = () => trace.getTracer('handit');

/** The context an attempt's spans join: the trace of the request that created the task, if any. */
export function attemptParent(task: Task): Context {
  return task.traceParent ? propagation.extract(ROOT_CONTEXT, { traceparent: task.traceParent }) : ROOT_CONTEXT;
}

/** Records the time the task waited in the queue, from available to started, as a finished span. */
export function recordQueueWait(task: Task, startedAt: Date, parent: Context): void {
  tracer()
    .startSpan(
      'handit.task.queue_wait',
      // tenant.id: the task's tenant owns these spans (the trace store files them under it).
      {
        startTime: task.availableAt,
        attributes: { 'task.id': task.id, 'task.priority': task.priority, 'tenant.id': task.tenant },
      },
      parent,
    )
    .end(startedAt);
}

/** Attributes of the `handit.task.execute` span; `llm` says whether the model calls an LLM provider. */
export function executeAttributes(task: Task, llm: boolean): Attributes {
  return {
    'task.id': task.id,
    'tenant.id': task.tenant,
    'task.type': task.type,
    'task.attempt': task.attempts,
    // OpenTelemetry GenAI conventions: what ran, on which model, from which provider.
    'gen_ai.operation.name': task.type,
    'gen_ai.request.model': task.modelId,
    'gen_ai.system': llm ? 'openai' : 'quant',
  };
}
