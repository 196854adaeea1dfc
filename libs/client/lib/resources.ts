import { WaitTimeoutError } from './errors';
import type { SseEvent, SseOptions } from './sse';
import type { BodyOf, QueryOf, ResultOf } from './types';
import type { OrchestrationClient } from './client';

const TASKS = '/api/v1/ai-orchestration/tasks';
const FINAL_TASK = new Set(['succeeded', 'failed', 'cancelled', 'timed_out']);
const SETTLED_RUN = new Set(['interrupted', 'succeeded', 'failed', 'cancelled']);

export type Task = ResultOf<'get', '/api/v1/ai-orchestration/tasks/{id}'>;
export type CreateTask = BodyOf<'post', '/api/v1/ai-orchestration/tasks'>;
/** One `status` event of a task's stream. */
export interface TaskStatusEvent {
  id: string;
  status: string;
  attempts: number;
  at: string;
  error?: { code: string; message: string } | null;
}
export type WorkflowRun = ResultOf<'get', '/api/v1/orchestration/runs/{id}'>;
export type ExecuteWorkflow = BodyOf<'post', '/api/v1/orchestration/execute'>;
export type ResumeRun = BodyOf<'post', '/api/v1/orchestration/runs/{id}/resume'>;
export type Interrupt = NonNullable<NonNullable<WorkflowRun['interrupt']>[number]>;
export type AgentMessage = ResultOf<'get', '/api/v1/agents/{id}/messages'>[number];

/** Bounds of a wait helper. */
export interface WaitOptions {
  /** Give up after this long (default 60 s) with a WaitTimeoutError. */
  timeoutMs?: number;
}

function deadline(timeoutMs = 60_000): AbortSignal {
  return AbortSignal.timeout(timeoutMs);
}

/** AI tasks: create (idempotent), read, cancel, stream, and submit-and-wait. */
export class TasksApi {
  constructor(private readonly client: OrchestrationClient) {}

  /** Creates a task; `idempotencyKey` defaults to a fresh UUID, so a retried create runs once. */
  create(body: CreateTask, options: { idempotencyKey?: string; waitMs?: number } = {}) {
    return this.client.post(TASKS, {
      body,
      params: { query: options.waitMs !== undefined ? { wait: options.waitMs } : {} },
      headers: options.idempotencyKey ? { 'Idempotency-Key': options.idempotencyKey } : {},
    });
  }

  get(id: string): Promise<Task> {
    return this.client.get('/api/v1/ai-orchestration/tasks/{id}', { params: { path: { id } } });
  }

  cancel(id: string) {
    return this.client.delete('/api/v1/ai-orchestration/tasks/{id}', { params: { path: { id } } });
  }

  /** Every task matching the filters, page after page. */
  list(query: QueryOf<'get', typeof TASKS> = {}) {
    return this.client.paginate(TASKS, { params: { query } });
  }

  /**
   * The task's status changes until its final status. Each has the id `<attempts>-<status>`; after
   * a reconnection (Last-Event-ID) the service sends the current status only if it changed.
   */
  events(id: string, options: SseOptions = {}): AsyncGenerator<SseEvent<TaskStatusEvent>> {
    return this.client.stream<TaskStatusEvent>(`${TASKS}/${encodeURIComponent(id)}/events`, {
      ...options,
      isLast: (e) => FINAL_TASK.has(e.data.status),
    });
  }

  /** Creates a task, follows its status stream to the final status and returns the finished task. */
  async submitAndWait(body: CreateTask, options: WaitOptions & { idempotencyKey?: string } = {}): Promise<Task> {
    const signal = deadline(options.timeoutMs);
    const created = await this.create(body, { idempotencyKey: options.idempotencyKey });
    const id = created.id!;
    if (created.status && FINAL_TASK.has(created.status)) return this.get(id);
    for await (const event of this.events(id, { signal })) if (FINAL_TASK.has(event.data.status)) return this.get(id);
    throw new WaitTimeoutError(`task ${id} did not finish within ${options.timeoutMs ?? 60_000} ms`);
  }
}

/** Workflows: start a run, follow it, answer its interrupts. */
export class WorkflowsApi {
  constructor(private readonly client: OrchestrationClient) {}

  execute(body: ExecuteWorkflow) {
    return this.client.post('/api/v1/orchestration/execute', { body });
  }

  getRun(id: string): Promise<WorkflowRun> {
    return this.client.get('/api/v1/orchestration/runs/{id}', { params: { path: { id } } });
  }

  resume(id: string, body: ResumeRun) {
    return this.client.post('/api/v1/orchestration/runs/{id}/resume', { params: { path: { id } }, body });
  }

  /**
   * The run's events (`run`, `node.started`, `node.finished`, `interrupt`, …) until `done`. The
   * service replays its stored events after Last-Event-ID, so a reconnection loses and repeats nothing.
   */
  events(id: string, options: SseOptions = {}): AsyncGenerator<SseEvent<Record<string, unknown>>> {
    return this.client.stream<Record<string, unknown>>(`/api/v1/orchestration/runs/${encodeURIComponent(id)}/events`, {
      ...options,
      isLast: (e) => e.event === 'done',
    });
  }

  /** Polls the run (every `pollMs`, default 100 ms) until it is interrupted or final. */
  async waitSettled(id: string, options: WaitOptions & { pollMs?: number } = {}): Promise<WorkflowRun> {
    const until = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const run = await this.getRun(id);
      if (run.status && SETTLED_RUN.has(run.status)) return run;
      if (Date.now() > until) throw new WaitTimeoutError(`run ${id} still ${run.status} after ${options.timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
    }
  }

  /**
   * Runs a workflow to its end, answering each interrupt with `answer` (at most `maxInterrupts`,
   * default 10): `runAndAnswer(body, (i) => ({ approved: i.value.notional < 1e6 }))`.
   */
  async runAndAnswer(
    body: ExecuteWorkflow,
    answer: (interrupt: Interrupt, run: WorkflowRun) => ResumeRun | Promise<ResumeRun>,
    options: WaitOptions & { maxInterrupts?: number } = {},
  ): Promise<WorkflowRun> {
    const started = await this.execute(body);
    const id = started.id!;
    for (let answered = 0; ; answered++) {
      const run = await this.waitSettled(id, options);
      if (run.status !== 'interrupted') return run;
      if (answered >= (options.maxInterrupts ?? 10)) throw new WaitTimeoutError(`run ${id}: too many interrupts`);
      await this.resume(id, await answer(run.interrupt![0]!, run));
    }
  }
}

/** Agent memory: write, search, and assemble a context within a token budget. */
export class MemoryApi {
  constructor(private readonly client: OrchestrationClient) {}

  write(agentId: string, body: BodyOf<'post', '/api/v1/memory/agents/{agentId}/memories'>) {
    return this.client.post('/api/v1/memory/agents/{agentId}/memories', { params: { path: { agentId } }, body });
  }

  search(agentId: string, query: QueryOf<'get', '/api/v1/memory/agents/{agentId}/memories/search'>) {
    return this.client.get('/api/v1/memory/agents/{agentId}/memories/search', {
      params: { path: { agentId }, query },
    });
  }

  context(agentId: string, query: QueryOf<'get', '/api/v1/memory/agents/{agentId}/context'> = {}) {
    return this.client.get('/api/v1/memory/agents/{agentId}/context', { params: { path: { agentId }, query } });
  }
}

/** Agents: register an external agent, read its mailbox as a stream, settle messages. */
export class AgentsApi {
  constructor(private readonly client: OrchestrationClient) {}

  register(body: BodyOf<'post', '/api/v1/agents'>) {
    return this.client.post('/api/v1/agents', { body });
  }

  /**
   * The agent's claimed messages as they arrive (each with its leaseId); the stream does not end by
   * itself: leave the loop or pass a `signal`. The service keeps at most maxConcurrency in flight;
   * after a reconnection it first re-sends, under their leases, the messages claimed after the last
   * one received (the lost connection's).
   */
  messages(id: string, options: SseOptions & { leaseMs?: number } = {}): AsyncGenerator<SseEvent<AgentMessage>> {
    return this.client.stream<AgentMessage>(`/api/v1/agents/${encodeURIComponent(id)}/messages/stream`, {
      ...options,
      query: options.leaseMs ? { leaseMs: options.leaseMs } : {},
    });
  }

  ack(id: string, messageId: string, body: BodyOf<'post', '/api/v1/agents/{id}/messages/{messageId}/ack'>) {
    return this.client.post('/api/v1/agents/{id}/messages/{messageId}/ack', {
      params: { path: { id, messageId } },
      body,
    });
  }

  /** Acks a claimed batch in one request; each ack whose lease is no longer held is listed under `failed`. */
  ackMany(id: string, body: BodyOf<'post', '/api/v1/agents/{id}/messages/ack'>) {
    return this.client.post('/api/v1/agents/{id}/messages/ack', { params: { path: { id } }, body });
  }

  /** Sends up to 100 messages in one request, each routed as a single send would be; all are stored or none. */
  sendBatch(body: BodyOf<'post', '/api/v1/agents/messages/batch'>) {
    return this.client.post('/api/v1/agents/messages/batch', { body });
  }

  nack(id: string, messageId: string, body: BodyOf<'post', '/api/v1/agents/{id}/messages/{messageId}/nack'>) {
    return this.client.post('/api/v1/agents/{id}/messages/{messageId}/nack', {
      params: { path: { id, messageId } },
      body,
    });
  }
}
