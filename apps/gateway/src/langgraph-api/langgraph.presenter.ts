import type { Assistant, Run, StateSnapshot, StoreItem, Thread } from '@app/langgraph';
import { checkpointOf, toWire } from '@app/langgraph';

export const LANGGRAPH_PATH = '/api/v1/langgraph';

type Obj = Record<string, unknown>;
const iso = (d: Date | string | null | undefined) => (d ? new Date(d).toISOString() : null);

/** Our run statuses as the Platform names them (a run waiting at interrupt() has ended its turn). */
export function platformStatus(run: Run): string {
  switch (run.status) {
    case 'queued':
      return 'pending';
    case 'running':
      return 'running';
    case 'succeeded':
    case 'interrupted':
      return 'success';
    case 'cancelled':
      return 'interrupted';
    case 'failed':
      return run.error?.code === 'TIMEOUT' ? 'timeout' : 'error';
  }
}

export function presentRun(run: Run): Obj {
  const kwargs = run.kwargs;
  return {
    run_id: run.id,
    thread_id: run.threadId ?? null,
    assistant_id: run.assistantId ?? null,
    created_at: iso(run.createdAt),
    updated_at: iso(run.updatedAt),
    status: platformStatus(run),
    metadata: kwargs?.metadata ?? {},
    multitask_strategy: kwargs?.multitask_strategy ?? 'reject',
    kwargs: kwargs ? toWire(kwargs) : {},
  };
}

export function presentThread(thread: Thread, state?: StateSnapshot | null): Obj {
  const interrupts: Obj = {};
  for (const task of (state?.tasks ?? []) as { id: string; interrupts?: unknown[] }[])
    if (task.interrupts?.length) interrupts[task.id] = toWire(task.interrupts);
  return {
    thread_id: thread.threadId,
    created_at: iso(thread.createdAt),
    updated_at: iso(thread.updatedAt),
    metadata: thread.metadata,
    status: thread.status,
    values: state ? toWire(state.values ?? {}) : null,
    interrupts,
    config: {},
  };
}

export function presentState(state: StateSnapshot): Obj {
  return {
    values: toWire(state.values ?? {}),
    next: state.next ?? [],
    tasks: ((state.tasks ?? []) as Obj[]).map((task) => ({
      id: task.id,
      name: task.name,
      error: task.error ? String((task.error as Error).message ?? task.error) : null,
      interrupts: toWire(task.interrupts ?? []),
      path: toWire(task.path ?? []),
      checkpoint: checkpointOf(task.state),
      state: null,
      result: task.result === undefined ? null : toWire(task.result),
    })),
    metadata: toWire(state.metadata ?? null),
    created_at: state.createdAt ?? null,
    checkpoint: checkpointOf(state.config),
    parent_checkpoint: checkpointOf(state.parentConfig),
    interrupts: ((state.tasks ?? []) as Obj[]).flatMap((t) => toWire(t.interrupts ?? []) as unknown[]),
  };
}

export function presentAssistant(a: Assistant): Obj {
  return {
    assistant_id: a.assistantId,
    graph_id: a.graphId,
    config: a.config,
    context: a.context,
    metadata: a.metadata,
    version: a.version,
    name: a.name,
    description: a.description,
    created_at: iso(a.createdAt),
    updated_at: iso(a.updatedAt),
  };
}

export function presentItem(item: StoreItem & { score?: number }): Obj {
  return {
    namespace: item.namespace,
    key: item.key,
    value: item.value,
    created_at: iso(item.createdAt),
    updated_at: iso(item.updatedAt),
    ...(item.score !== undefined ? { score: item.score } : {}),
  };
}

const OBJECT = { type: 'object', additionalProperties: true };
const TIME = { type: 'string', format: 'date-time', example: '2026-12-05T03:00:00.000Z' };
const UUID = '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d';
const CHECKPOINT_ID = '1f0c2a4e-8a5b-6d2e-8001-7a3c9b1d2e4f';

export const CHECKPOINT_SCHEMA = {
  type: 'object',
  nullable: true,
  required: ['thread_id', 'checkpoint_ns', 'checkpoint_id'],
  properties: {
    thread_id: { type: 'string', example: UUID },
    checkpoint_ns: { type: 'string', example: '' },
    checkpoint_id: { type: 'string', example: CHECKPOINT_ID },
    checkpoint_map: { ...OBJECT, nullable: true, example: null },
  },
};

export const RUN_SCHEMA = {
  type: 'object',
  required: [
    'run_id',
    'thread_id',
    'assistant_id',
    'created_at',
    'updated_at',
    'status',
    'metadata',
    'multitask_strategy',
    'kwargs',
  ],
  properties: {
    run_id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    thread_id: { type: 'string', nullable: true, example: UUID },
    assistant_id: { type: 'string', nullable: true, example: 'desk-assistant' },
    created_at: TIME,
    updated_at: TIME,
    status: {
      type: 'string',
      enum: ['pending', 'running', 'error', 'success', 'timeout', 'interrupted'],
      example: 'success',
    },
    metadata: { ...OBJECT, example: { source: 'desk-ui' } },
    multitask_strategy: { type: 'string', enum: ['reject', 'interrupt', 'rollback', 'enqueue'], example: 'reject' },
    kwargs: {
      ...OBJECT,
      example: { input: { desk: 'fx', symbol: 'EURUSD', quantity: 100000 }, stream_mode: ['values'] },
    },
  },
};

export const THREAD_SCHEMA = {
  type: 'object',
  required: ['thread_id', 'created_at', 'updated_at', 'metadata', 'status', 'values', 'interrupts', 'config'],
  properties: {
    thread_id: { type: 'string', example: UUID },
    created_at: TIME,
    updated_at: TIME,
    metadata: { ...OBJECT, example: { graph_id: 'desk-assistant', desk: 'fx' } },
    status: { type: 'string', enum: ['idle', 'busy', 'interrupted', 'error'], example: 'idle' },
    values: { ...OBJECT, nullable: true, example: { desk: 'fx', symbol: 'EURUSD', quantity: 100000, trades: [] } },
    interrupts: { ...OBJECT, example: {} },
    config: { ...OBJECT, example: {} },
  },
};

export const STATE_SCHEMA = {
  type: 'object',
  required: ['values', 'next', 'tasks', 'metadata', 'created_at', 'checkpoint', 'parent_checkpoint', 'interrupts'],
  properties: {
    values: { ...OBJECT, example: { desk: 'fx', symbol: 'EURUSD', quantity: 100000, trades: [] } },
    next: { type: 'array', items: { type: 'string' }, example: ['approve'] },
    tasks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'error', 'interrupts', 'path', 'checkpoint', 'state', 'result'],
        properties: {
          id: { type: 'string', example: 'c1a2b3d4-0000-4000-8000-000000000001' },
          name: { type: 'string', example: 'approve' },
          error: { type: 'string', nullable: true, example: null },
          interrupts: {
            type: 'array',
            items: OBJECT,
            example: [{ id: 'a1b2', value: { question: 'Book 100000 EURUSD?' } }],
          },
          path: { type: 'array', items: {}, example: ['__pregel_pull', 'approve'] },
          checkpoint: CHECKPOINT_SCHEMA,
          state: { ...OBJECT, nullable: true, example: null },
          result: { nullable: true, example: null },
        },
      },
    },
    metadata: { ...OBJECT, nullable: true, example: { source: 'loop', step: 1 } },
    created_at: { type: 'string', nullable: true, example: '2026-12-05T03:00:00.000Z' },
    checkpoint: CHECKPOINT_SCHEMA,
    parent_checkpoint: CHECKPOINT_SCHEMA,
    interrupts: { type: 'array', items: OBJECT, example: [] },
  },
};

export const ASSISTANT_SCHEMA = {
  type: 'object',
  required: [
    'assistant_id',
    'graph_id',
    'config',
    'context',
    'metadata',
    'version',
    'name',
    'description',
    'created_at',
    'updated_at',
  ],
  properties: {
    assistant_id: { type: 'string', example: UUID },
    graph_id: { type: 'string', example: 'desk-assistant' },
    config: { ...OBJECT, example: { configurable: { desk_limit: 1000000 } } },
    context: { ...OBJECT, example: { desk: 'fx' } },
    metadata: { ...OBJECT, example: { team: 'fx' } },
    version: { type: 'integer', example: 2 },
    name: { type: 'string', example: 'FX desk assistant' },
    description: { type: 'string', nullable: true, example: 'Books FX trades after a human says yes' },
    created_at: TIME,
    updated_at: TIME,
  },
};

export const ITEM_SCHEMA = {
  type: 'object',
  required: ['namespace', 'key', 'value', 'created_at', 'updated_at'],
  properties: {
    namespace: { type: 'array', items: { type: 'string' }, example: ['portfolio', 'fx'] },
    key: { type: 'string', example: 'positions' },
    value: { ...OBJECT, example: { EURUSD: 100000 } },
    created_at: TIME,
    updated_at: TIME,
    score: { type: 'number', example: 1 },
  },
};

/** What wait and join answer: the thread's values (with __interrupt__ or __error__ when so). */
export const VALUES_SCHEMA = {
  ...OBJECT,
  description: 'The thread values after the run; `__interrupt__` lists what the graph asks, `__error__` a failure',
  example: {
    desk: 'fx',
    symbol: 'EURUSD',
    quantity: 100000,
    trades: [],
    __interrupt__: [{ id: 'a1b2', value: { question: 'Book 100000 EURUSD?' } }],
  },
};
