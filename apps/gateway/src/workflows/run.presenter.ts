import type { CheckpointView, Run, RunNode } from '@app/langgraph';
import { NODE_STATUSES, RUN_SOURCES, RUN_STATUSES } from '@app/langgraph';
import { workErrorSchema } from '../http/work-error.schema';

export const ORCHESTRATION_PATH = '/api/v1/orchestration';
export const RUNS_PATH = `${ORCHESTRATION_PATH}/runs`;

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function presentNode(node: RunNode) {
  return {
    key: node.key,
    node: node.nodeId,
    kind: node.kind,
    status: node.status,
    attempts: node.attempts,
    visits: node.visits,
    startedAt: iso(node.startedAt),
    finishedAt: iso(node.finishedAt),
    durationMs: node.startedAt && node.finishedAt ? node.finishedAt.getTime() - node.startedAt.getTime() : null,
    taskIds: node.taskIds,
    output: node.output,
    error: node.error,
  };
}

/**
 * The API's view of a run. `full` (GET /runs/:id) has input, output and every node; `result`
 * (answers to execute, resume, cancel) leaves out the input the client sent; `summary` (lists)
 * leaves out input, output and nodes.
 */
export function presentRun(run: Run, detail: 'full' | 'result' | 'summary' = 'full', nodes: RunNode[] = []) {
  return {
    id: run.id,
    workflow: { name: run.workflow, version: run.version, source: run.source },
    threadId: run.threadKey,
    status: run.status,
    currentNode: run.currentNode,
    ...(detail === 'full' ? { input: run.input } : {}),
    ...(detail !== 'summary' ? { output: run.output } : {}),
    error: run.error,
    interrupt: run.interrupt,
    timeoutMs: run.timeoutMs,
    elapsedMs: run.elapsedMs,
    createdAt: run.createdAt.toISOString(),
    startedAt: iso(run.startedAt),
    updatedAt: run.updatedAt.toISOString(),
    finishedAt: iso(run.finishedAt),
    replayOf: run.replayOf ?? null,
    ...(detail === 'full' ? { nodes: nodes.map(presentNode) } : {}),
    links: {
      self: `${RUNS_PATH}/${run.id}`,
      events: `${RUNS_PATH}/${run.id}/events`,
      checkpoints: `${RUNS_PATH}/${run.id}/checkpoints`,
      resume: `${RUNS_PATH}/${run.id}/resume`,
      cancel: `${RUNS_PATH}/${run.id}/cancel`,
      replays: `${RUNS_PATH}/${run.id}/replays`,
    },
  };
}

const ERROR_SCHEMA = workErrorSchema({ node: { type: 'string', example: 'technical' } });

export const NODE_SCHEMA = {
  type: 'object',
  properties: {
    key: { type: 'string', example: 'technical', description: 'Node id, or id[i] for the i-th instance of a fan-out' },
    node: { type: 'string', example: 'technical' },
    kind: { type: 'string', example: 'task' },
    status: { type: 'string', enum: [...NODE_STATUSES] },
    attempts: { type: 'integer', example: 1 },
    visits: { type: 'integer', example: 1 },
    startedAt: { type: 'string', format: 'date-time', nullable: true },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    durationMs: { type: 'number', nullable: true, example: 42 },
    taskIds: { type: 'array', items: { type: 'string' }, example: ['01JD3Z8X6Q4W3N5R7T9V1B2C3F'] },
    output: {
      nullable: true,
      description: 'The node output (task nodes: { taskId, model, cacheHit, result })',
      example: { taskId: '01JD3Z8X6Q4W3N5R7T9V1B2C3F', model: 'equities-technical', cacheHit: false, result: {} },
    },
    error: ERROR_SCHEMA,
  },
};

export const RUN_SCHEMA = {
  type: 'object',
  // Always present; `input` only on GET /runs/:id, `output` and `nodes` not in lists.
  required: [
    'id',
    'workflow',
    'threadId',
    'status',
    'currentNode',
    'error',
    'interrupt',
    'timeoutMs',
    'elapsedMs',
    'createdAt',
    'startedAt',
    'updatedAt',
    'finishedAt',
    'replayOf',
    'links',
  ],
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    workflow: {
      type: 'object',
      properties: {
        name: { type: 'string', example: 'trading-analysis' },
        version: { type: 'integer', example: 1 },
        source: { type: 'string', enum: [...RUN_SOURCES] },
      },
    },
    threadId: { type: 'string', nullable: true, example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    status: { type: 'string', enum: [...RUN_STATUSES] },
    currentNode: { type: 'string', nullable: true, example: 'approval' },
    input: { type: 'object', additionalProperties: true, example: { symbol: 'AAPL', assetClass: 'equities' } },
    output: {
      nullable: true,
      example: { symbol: 'AAPL', signal: { action: 'buy', confidence: 0.62 }, decision: 'executed' },
    },
    error: ERROR_SCHEMA,
    interrupt: {
      type: 'array',
      nullable: true,
      description: 'What an interrupted run asks: answer with POST /runs/:id/resume',
      items: {
        type: 'object',
        properties: {
          node: { type: 'string', example: 'approval' },
          id: { type: 'string', example: '5f1c2d3e-7a8b-4c9d-8e0f-1a2b3c4d5e6f' },
          value: {
            type: 'object',
            example: {
              kind: 'approval',
              question: 'Approve BUY 5000 AAPL (notional 912345.00, above the 100000 limit)?',
              options: ['approve', 'reject'],
            },
          },
        },
      },
    },
    timeoutMs: { type: 'integer', example: 300000 },
    elapsedMs: { type: 'integer', example: 1234 },
    createdAt: { type: 'string', format: 'date-time' },
    startedAt: { type: 'string', format: 'date-time', nullable: true },
    updatedAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    replayOf: {
      type: 'string',
      nullable: true,
      example: null,
      description: 'The finished run this run replays (POST /runs/:id/replay); null otherwise',
    },
    nodes: { type: 'array', items: NODE_SCHEMA },
    links: {
      type: 'object',
      additionalProperties: { type: 'string' },
      example: {
        self: '/api/v1/orchestration/runs/01JD3Z8X6Q4W3N5R7T9V1B2C3D',
        events: '/api/v1/orchestration/runs/01JD3Z8X6Q4W3N5R7T9V1B2C3D/events',
        resume: '/api/v1/orchestration/runs/01JD3Z8X6Q4W3N5R7T9V1B2C3D/resume',
      },
    },
  },
};

/** One LangGraph checkpoint of a run's state history (GET /runs/:id/checkpoints). */
export function presentCheckpoint(checkpoint: CheckpointView) {
  return {
    checkpointId: checkpoint.checkpointId,
    parentCheckpointId: checkpoint.parentCheckpointId,
    step: checkpoint.step,
    source: checkpoint.source,
    createdAt: checkpoint.createdAt,
    next: checkpoint.next,
    completedNodes: checkpoint.completedNodes,
    writes: checkpoint.writes,
    outputs: checkpoint.outputs,
  };
}

export const CHECKPOINT_SCHEMA = {
  type: 'object',
  properties: {
    checkpointId: { type: 'string', example: '1efa9c3e-2b4d-6f80-8002-3c4d5e6f7a8b' },
    parentCheckpointId: { type: 'string', nullable: true, example: '1efa9c3e-2b4d-6f80-8001-3c4d5e6f7a8b' },
    step: { type: 'integer', nullable: true, example: 2 },
    source: { type: 'string', nullable: true, example: 'loop' },
    createdAt: { type: 'string', format: 'date-time', nullable: true },
    next: { type: 'array', items: { type: 'string' }, example: ['aggregate'] },
    completedNodes: { type: 'array', items: { type: 'string' }, example: ['validate', 'technical', 'risk'] },
    writes: {
      type: 'array',
      items: { type: 'string' },
      description: 'Nodes whose writes made this checkpoint',
      example: ['risk'],
    },
    outputs: { type: 'object', additionalProperties: true, example: { risk: { var95: 0.021 } } },
  },
};
