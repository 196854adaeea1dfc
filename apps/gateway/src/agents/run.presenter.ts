import {
  RUN_STATUSES,
  STEP_STATUSES,
  STRATEGIES,
  type CoordinationRun,
  type RunSelection,
  type RunStep,
} from '@app/agent-coordinator';
import { PRIORITIES } from '@app/handit';
import { workErrorSchema } from '../http/work-error.schema';
import { presentMessageError } from './message.presenter';

export const RUNS_PATH = '/api/v1/coordination/runs';

/** A coordination run; `summary` (lists) leaves out the input and each step's output. */
export function presentRun(run: CoordinationRun, detail: 'full' | 'summary' = 'full') {
  return {
    id: run.id,
    strategy: run.strategy,
    task: run.task,
    selection: presentSelection(run.selection),
    ...(detail === 'full' ? { input: run.input } : {}),
    priority: run.priority,
    timeoutMs: run.timeoutMs,
    status: run.status,
    steps: run.steps.map((step) => presentStep(step, detail)),
    result: run.result,
    error: presentMessageError(run.error),
    createdAt: run.createdAt.toISOString(),
    deadlineAt: run.deadlineAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    links: { self: `${RUNS_PATH}/${run.id}` },
  };
}

function presentSelection(selection: RunSelection) {
  return {
    ...(selection.agents !== undefined ? { agents: selection.agents } : {}),
    ...(selection.capability !== undefined ? { capability: selection.capability } : {}),
    ...(selection.tasks !== undefined ? { tasks: selection.tasks } : {}),
  };
}

/** One agent's part of a run; fields a step has not reached yet are absent. */
function presentStep(step: RunStep, detail: 'full' | 'summary') {
  return {
    agentId: step.agentId,
    agentName: step.agentName,
    task: step.task,
    status: step.status,
    messageId: step.messageId,
    healthAtStart: step.healthAtStart,
    ...('output' in step && detail === 'full' ? { output: step.output } : {}),
    ...('error' in step ? { error: presentMessageError(step.error) } : {}),
    ...('startedAt' in step ? { startedAt: step.startedAt } : {}),
    ...('finishedAt' in step ? { finishedAt: step.finishedAt } : {}),
    ...('latencyMs' in step ? { latencyMs: step.latencyMs } : {}),
  };
}

export const RUN_SCHEMA = {
  type: 'object',
  // Always present; `input` only on GET /runs/:id.
  required: [
    'id',
    'strategy',
    'task',
    'selection',
    'priority',
    'timeoutMs',
    'status',
    'steps',
    'error',
    'createdAt',
    'deadlineAt',
    'finishedAt',
    'links',
  ],
  properties: {
    id: { type: 'string', example: '01JD3ZB7C8D9E0F1G2H3J4K5M6' },
    strategy: { type: 'string', enum: [...STRATEGIES] },
    task: { type: 'string', example: 'trading_signal' },
    selection: {
      type: 'object',
      properties: {
        agents: { type: 'array', items: { type: 'string' }, example: [] },
        capability: { type: 'string', example: 'trading_signal' },
        tasks: { type: 'array', items: { type: 'string' }, example: [] },
      },
    },
    input: { description: 'Any JSON', example: { symbol: 'SPY', horizon: '1d' } },
    priority: { type: 'string', enum: [...PRIORITIES] },
    timeoutMs: { type: 'integer', example: 30000 },
    status: { type: 'string', enum: [...RUN_STATUSES] },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          agentId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
          agentName: { type: 'string', example: 'equities-technical' },
          task: { type: 'string', example: 'trading_signal' },
          status: { type: 'string', enum: [...STEP_STATUSES] },
          messageId: { type: 'string', nullable: true, example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
          healthAtStart: { type: 'number', example: 97.5 },
          output: { description: 'The agent reply', example: { action: 'buy', confidence: 0.72 } },
          error: workErrorSchema(),
          startedAt: { type: 'string', format: 'date-time' },
          finishedAt: { type: 'string', format: 'date-time' },
          latencyMs: { type: 'number', example: 42 },
        },
      },
    },
    result: {
      description:
        'sequential: { completedSteps, output }; parallel: { succeeded, failed }; consensus: { action, agreement, ' +
        'unanimous, tie, weights, votes, voters, dissenters, failed }',
      example: {
        action: 'buy',
        agreement: 0.8,
        unanimous: false,
        tie: false,
        weights: { buy: 2, sell: 0.5, hold: 0 },
        dissenters: [{ agentId: '01JD…', agentName: 'crypto-technical', action: 'sell', weight: 0.5 }],
      },
    },
    error: workErrorSchema(),
    createdAt: { type: 'string', format: 'date-time' },
    deadlineAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    links: {
      type: 'object',
      properties: { self: { type: 'string', example: '/api/v1/coordination/runs/01JD3ZB7C8D9E0F1G2H3J4K5M6' } },
    },
  },
};
