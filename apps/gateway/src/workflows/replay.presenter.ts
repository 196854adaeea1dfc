import { DIFF_VERDICTS, RUN_STATUSES, type ReplayDiff } from '@app/langgraph';
import { RUNS_PATH } from './run.presenter';

/** A diff as the API shows it (the library's shape is the documented one; this pins it). */
export function presentReplayDiff(diff: ReplayDiff) {
  return {
    runId: diff.runId,
    replayId: diff.replayId,
    replayStatus: diff.replayStatus,
    identical: diff.identical,
    tolerance: diff.tolerance,
    ignoredKeys: [...diff.ignoredKeys],
    summary: diff.summary,
    input: diff.input,
    output: diff.output,
    nodes: diff.nodes,
    links: { run: `${RUNS_PATH}/${diff.runId}`, replay: `${RUNS_PATH}/${diff.replayId}` },
  };
}

const COMPARISON_SCHEMA = {
  type: 'object',
  required: ['verdict', 'differences', 'truncated', 'maxAbsDelta'],
  properties: {
    verdict: { type: 'string', enum: [...DIFF_VERDICTS] },
    differences: {
      type: 'array',
      description: 'At most 50, in document order',
      items: {
        type: 'object',
        required: ['path', 'verdict'],
        properties: {
          path: { type: 'string', example: 'output.result.action' },
          verdict: { type: 'string', enum: ['within_tolerance', 'different'] },
          original: { nullable: true, example: 'buy' },
          replay: { nullable: true, example: 'hold' },
        },
      },
    },
    truncated: { type: 'boolean', example: false },
    maxAbsDelta: { type: 'number', example: 0 },
  },
};

const NODE_VERDICTS = [...DIFF_VERDICTS, 'missing_in_replay', 'missing_in_original'];

export const REPLAY_DIFF_SCHEMA = {
  type: 'object',
  required: [
    'runId',
    'replayId',
    'replayStatus',
    'identical',
    'tolerance',
    'ignoredKeys',
    'summary',
    'input',
    'output',
    'nodes',
    'links',
  ],
  properties: {
    runId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    replayId: { type: 'string', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
    replayStatus: { type: 'string', enum: [...RUN_STATUSES] },
    identical: { type: 'boolean', description: 'Every node and the output equal or within tolerance', example: true },
    tolerance: { type: 'number', example: 1e-9 },
    ignoredKeys: {
      type: 'array',
      items: { type: 'string' },
      description: 'Keys that name what each run did on its own (its task ids, memory writes), left out',
      example: ['taskId', 'taskIds', 'cacheHit', 'memoryId'],
    },
    summary: {
      type: 'object',
      description: 'Nodes per verdict',
      additionalProperties: { type: 'integer' },
      example: { equal: 6, within_tolerance: 0, different: 0, missing_in_replay: 0, missing_in_original: 0 },
    },
    input: COMPARISON_SCHEMA,
    output: COMPARISON_SCHEMA,
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['node', 'verdict', 'originalStatus', 'replayStatus', 'comparison'],
        properties: {
          node: { type: 'string', example: 'technical' },
          verdict: { type: 'string', enum: NODE_VERDICTS },
          originalStatus: { type: 'string', nullable: true, example: 'succeeded' },
          replayStatus: { type: 'string', nullable: true, example: 'succeeded' },
          comparison: { ...COMPARISON_SCHEMA, nullable: true },
        },
      },
    },
    links: {
      type: 'object',
      required: ['run', 'replay'],
      properties: {
        run: { type: 'string', example: `${RUNS_PATH}/01JD3Z8X6Q4W3N5R7T9V1B2C3D` },
        replay: { type: 'string', example: `${RUNS_PATH}/01JD3Z9A1B2C3D4E5F6G7H8J9K` },
      },
    },
  },
};
