import type { StoredWorkflow, WorkflowSummary } from '@app/langgraph';
import { WORKFLOW_KINDS } from '@app/langgraph';
import { ORCHESTRATION_PATH } from './run.presenter';
import { DEFINITION_SCHEMA } from './workflow.schemas';

/** Where one version of a registered workflow is read (its Location and its self link). */
export const storedWorkflowPath = (w: Pick<StoredWorkflow, 'name' | 'version'>) =>
  `${ORCHESTRATION_PATH}/workflows/${w.name}?version=${w.version}`;

/** One version of a registered workflow (answers to POST /workflows and GET /workflows/:name). */
export function presentStoredWorkflow(w: StoredWorkflow) {
  return {
    name: w.name,
    version: w.version,
    description: w.description,
    definition: w.definition,
    createdAt: w.createdAt.toISOString(),
    links: { self: storedWorkflowPath(w) },
  };
}

export const STORED_WORKFLOW_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'signal-with-approval' },
    version: { type: 'integer', example: 2 },
    description: {
      type: 'string',
      nullable: true,
      example: 'Signal and risk in parallel, a summary, approval for buys',
    },
    definition: DEFINITION_SCHEMA,
    createdAt: { type: 'string', format: 'date-time' },
    links: {
      type: 'object',
      properties: {
        self: { type: 'string', example: '/api/v1/orchestration/workflows/signal-with-approval?version=2' },
      },
    },
  },
};

/**
 * One entry of GET /workflows as WORKFLOW_LIST_SCHEMA documents it: a template, or the latest
 * version of a registered workflow (description and inputSchema null when its definition has none).
 */
export function presentWorkflowSummary(w: WorkflowSummary) {
  const common = {
    name: w.name,
    kind: w.kind,
    version: w.version,
    versions: w.versions,
    activeRuns: w.activeRuns,
    runs: w.runs,
  };
  if (w.kind === 'template') {
    const { description, steps, inputSchema, example, output } = w;
    return { ...common, description, steps, inputSchema, example, output };
  }
  return {
    ...common,
    description: w.description ?? null,
    inputSchema: w.inputSchema ?? null,
    definition: w.definition,
    createdAt: w.createdAt,
  };
}

export const WORKFLOW_LIST_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'kind', 'version', 'versions', 'description', 'inputSchema', 'activeRuns', 'runs'],
    properties: {
      name: { type: 'string', example: 'trading-analysis' },
      kind: { type: 'string', enum: [...WORKFLOW_KINDS] },
      version: { type: 'integer', example: 1 },
      versions: { type: 'array', items: { type: 'integer' }, example: [1, 2] },
      description: {
        type: 'string',
        nullable: true,
        description: 'null when a registered definition has none',
        example: 'Technical, risk and sentiment in parallel, aggregated, approved above the limit, reported',
      },
      steps: {
        type: 'array',
        items: { type: 'array', items: { type: 'string' } },
        description: 'Templates',
        example: [['validate'], ['technical', 'risk', 'sentiment'], ['aggregate'], ['approval'], ['report']],
      },
      inputSchema: {
        type: 'object',
        additionalProperties: true,
        nullable: true,
        description: 'null when a registered definition has none',
        example: { type: 'object', required: ['symbol', 'candles'] },
      },
      example: {
        type: 'object',
        additionalProperties: true,
        description: 'A valid input (templates)',
        example: { symbol: 'AAPL', assetClass: 'equities', candles: [] },
      },
      output: { type: 'string', description: 'Templates', example: 'A report with the signal, risk and decision' },
      definition: DEFINITION_SCHEMA,
      createdAt: { type: 'string', format: 'date-time', description: 'Registered workflows: when it was stored' },
      activeRuns: { type: 'integer', example: 2 },
      runs: {
        type: 'object',
        properties: {
          queued: { type: 'integer', example: 0 },
          running: { type: 'integer', example: 1 },
          interrupted: { type: 'integer', example: 1 },
        },
      },
    },
  },
};
