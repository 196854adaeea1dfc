import { PRIORITIES } from '@app/handit';
import { BREACH_ACTIONS, MEMORY_OPERATIONS, NODE_KINDS } from '@app/langgraph';
import { MEMORY_TYPES } from '@app/letta';

/**
 * Swagger documentation of the definition format (the body of POST /workflows, and the definition
 * inside stored and listed workflows), with two examples. Response shapes sit with their presenters.
 */
export const EXAMPLE_DEFINITION = {
  name: 'signal-with-approval',
  description: 'Signal and risk in parallel, a summary, approval for buys, then a memory of the decision',
  inputSchema: {
    type: 'object',
    required: ['symbol', 'candles'],
    properties: { symbol: { type: 'string' }, candles: { type: 'array', minItems: 50, items: { type: 'object' } } },
  },
  nodes: [
    {
      id: 'signal',
      kind: 'task',
      taskType: 'trading_signal',
      input: { symbol: { var: 'input.symbol' }, candles: { var: 'input.candles' } },
      retry: { maxAttempts: 3, initialIntervalMs: 200, retryOn: ['PROVIDER_ERROR', 'TIMEOUT'] },
      timeoutMs: 30000,
    },
    { id: 'risk', kind: 'task', taskType: 'risk_assessment', input: { candles: { var: 'input.candles' } } },
    {
      id: 'summary',
      kind: 'transform',
      output: {
        action: { var: 'outputs.signal.result.action' },
        volatility: { var: 'outputs.risk.result.annualizedVolatility' },
      },
    },
    {
      id: 'approve',
      kind: 'approval',
      when: { '==': [{ var: 'outputs.summary.action' }, 'buy'] },
      question: 'Buy on this signal?',
      details: { var: 'outputs.summary' },
    },
    {
      id: 'remember',
      kind: 'memory',
      operation: 'write',
      agentId: 'desk',
      memoryType: 'episodic',
      content: { cat: ['Signal ', { var: 'outputs.summary.action' }, ' approved'] },
    },
  ],
  edges: [
    { from: 'start', to: ['signal', 'risk'] },
    { from: ['signal', 'risk'], to: 'summary' },
    { from: 'summary', to: 'approve' },
    { from: 'remember', to: 'end' },
  ],
  conditionalEdges: [
    { from: 'approve', branches: [{ when: { var: 'outputs.approve.approved' }, to: 'remember' }], otherwise: 'end' },
  ],
  output: { summary: { var: 'outputs.summary' }, approval: { var: 'outputs.approve' } },
};

const TEMPLATE_VALUE = {
  description:
    'JSON Logic over { input, outputs, visits }: a one-key object whose key is an operator ' +
    '(var, if, ==, cat, +, map, …) is evaluated; other values are literal',
};

/** A registered definition with a risk gate: an order sized by the input, gated on the desk's limits. */
export const EXAMPLE_GATED_DEFINITION = {
  name: 'gated-order',
  description: 'Size an order, check it against the desk’s risk limits (approval lapses after 10 min or a 2% move)',
  inputSchema: {
    type: 'object',
    required: ['desk', 'symbol', 'quantity', 'price', 'prices'],
    properties: {
      desk: { type: 'string' },
      symbol: { type: 'string' },
      quantity: { type: 'number' },
      price: { type: 'number' },
      prices: { type: 'object', description: 'Reference prices for the approval’s band, e.g. { "SPY": 500 }' },
    },
  },
  nodes: [
    {
      id: 'size',
      kind: 'transform',
      output: { notional: { '*': [{ var: 'input.quantity' }, { var: 'input.price' }] } },
    },
    {
      id: 'gate',
      kind: 'risk_gate',
      desk: { var: 'input.desk' },
      exposure: {
        notional: { var: 'outputs.size.notional' },
        prices: { var: 'input.prices' },
      },
      onBreach: 'interrupt',
      approval: { expiresAfterMs: 600000, priceBand: 0.02 },
    },
  ],
  edges: [
    { from: 'start', to: 'size' },
    { from: 'size', to: 'gate' },
    { from: 'gate', to: 'end' },
  ],
  output: { notional: { var: 'outputs.size.notional' }, gate: { var: 'outputs.gate' } },
};

export const DEFINITION_SCHEMA = {
  type: 'object',
  required: ['name', 'nodes', 'edges'],
  description:
    'A workflow as data. Nodes: task (a Handit task), memory (write or search agent memory), agent (a message ' +
    'to an agent, needs the agent coordinator), transform (computes a value), approval (pauses for a human), ' +
    'risk_gate (checks an exposure against the tenant’s and the desk’s risk limits: a breach fails the run, or ' +
    'interrupts it for an approval that lapses after a time or a price move). ' +
    'Edges use the node ids plus "start" and "end"; `to` with several ids fans out (parallel), `from` with ' +
    'several ids joins (waits for all). Conditional edges take the first branch whose JSON Logic `when` is ' +
    'truthy. ' +
    'Every cycle needs maxVisits on one of its nodes. Re-registering a name creates the next version.',
  properties: {
    name: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,62}$', example: 'signal-with-approval' },
    description: { type: 'string', maxLength: 2000 },
    inputSchema: { type: 'object', additionalProperties: true, description: 'JSON Schema of the run input' },
    nodes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'kind'],
        properties: {
          id: { type: 'string', pattern: '^[a-z][a-z0-9_-]{0,62}$' },
          kind: { type: 'string', enum: [...NODE_KINDS] },
          retry: {
            type: 'object',
            properties: {
              maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
              initialIntervalMs: { type: 'integer' },
              backoffFactor: { type: 'number' },
              maxIntervalMs: { type: 'integer' },
              jitter: { type: 'boolean' },
              retryOn: { type: 'array', items: { type: 'string' } },
            },
          },
          timeoutMs: { type: 'integer', minimum: 10 },
          maxVisits: { type: 'integer', minimum: 1, maximum: 1000 },
          taskType: { type: 'string', description: 'task: a type from GET /api/v1/ai-orchestration/capabilities' },
          input: { ...TEMPLATE_VALUE },
          model: { type: 'string' },
          priority: { type: 'string', enum: [...PRIORITIES] },
          cache: { type: 'boolean' },
          operation: { type: 'string', enum: [...MEMORY_OPERATIONS] },
          agentId: { type: 'string' },
          memoryType: { type: 'string', enum: [...MEMORY_TYPES] },
          content: { ...TEMPLATE_VALUE },
          query: { ...TEMPLATE_VALUE },
          to: { description: 'agent: an agent id or { capability }' },
          messageType: { type: 'string' },
          payload: { ...TEMPLATE_VALUE },
          output: { ...TEMPLATE_VALUE },
          when: { ...TEMPLATE_VALUE },
          question: { type: 'string' },
          details: { ...TEMPLATE_VALUE },
          desk: { description: 'risk_gate: a desk id or an expression yielding one (its limits apply too)' },
          exposure: {
            ...TEMPLATE_VALUE,
            description:
              'risk_gate: an expression yielding { notional, positions: { SYMBOL: value }, var, drawdown, ' +
              'concentration, prices }',
          },
          onBreach: {
            type: 'string',
            enum: [...BREACH_ACTIONS],
            description: 'risk_gate: fail the run, or ask for approval',
          },
          approval: {
            type: 'object',
            description: 'risk_gate with onBreach interrupt: expiresAfterMs, priceBand (fraction; 0 = no band)',
            example: { expiresAfterMs: 900000, priceBand: 0.02 },
          },
        },
      },
    },
    edges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['from', 'to'],
        properties: {
          from: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
          to: { oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        },
      },
    },
    conditionalEdges: {
      type: 'array',
      items: {
        type: 'object',
        required: ['from', 'branches', 'otherwise'],
        properties: {
          from: { type: 'string' },
          branches: {
            type: 'array',
            items: { type: 'object', properties: { when: { ...TEMPLATE_VALUE }, to: { type: 'string' } } },
          },
          otherwise: { type: 'string' },
        },
      },
    },
    output: { ...TEMPLATE_VALUE },
  },
  example: EXAMPLE_DEFINITION,
};
