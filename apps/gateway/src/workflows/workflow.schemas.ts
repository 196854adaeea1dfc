/** Swagger documentation of the definition format and the workflow catalogue. */
export const EXAMPLE_DEFINITION = {
  name: 'signal-with-approval',
  description: 'Signal and risk in parallel, a summary, approval for buys, then a memory of the decision',
  inputSchema: {
    type: 'object',
    required: ['symbol', 'candles'],
    properties: { symbol: { type: 'string' }, candles: { type: 'array', minItems: 50 } },
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
    'JSON Logic over { input, outputs, visits }: a one-key object whose key is an operator (var, if, ==, cat, +, map, …) is evaluated; other values are literal',
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
    'Edges use the node ids plus "start" and "end"; `to` with several ids fans out (parallel), `from` with several ids joins (waits for all). Conditional edges take the first branch whose JSON Logic `when` is truthy. ' +
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
          kind: { type: 'string', enum: ['task', 'memory', 'agent', 'transform', 'approval', 'risk_gate'] },
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
          priority: { type: 'string', enum: ['critical', 'high', 'normal', 'low', 'background'] },
          cache: { type: 'boolean' },
          operation: { type: 'string', enum: ['write', 'search'] },
          agentId: { type: 'string' },
          memoryType: { type: 'string', enum: ['semantic', 'episodic', 'procedural'] },
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
            enum: ['fail', 'interrupt'],
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

export const STORED_WORKFLOW_SCHEMA = {
  type: 'object',
  properties: {
    name: { type: 'string', example: 'signal-with-approval' },
    version: { type: 'integer', example: 2 },
    description: { type: 'string', nullable: true },
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

export const WORKFLOW_LIST_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    required: ['name', 'kind', 'version', 'versions', 'description', 'inputSchema', 'activeRuns', 'runs'],
    properties: {
      name: { type: 'string', example: 'trading-analysis' },
      kind: { type: 'string', enum: ['template', 'registered'] },
      version: { type: 'integer', example: 1 },
      versions: { type: 'array', items: { type: 'integer' } },
      description: { type: 'string', nullable: true, description: 'null when a registered definition has none' },
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
      },
      example: { type: 'object', additionalProperties: true, description: 'A valid input (templates)' },
      output: { type: 'string', description: 'Templates' },
      definition: DEFINITION_SCHEMA,
      createdAt: { type: 'string', format: 'date-time', description: 'Registered workflows: when it was stored' },
      activeRuns: { type: 'integer', example: 2 },
      runs: {
        type: 'object',
        properties: { queued: { type: 'integer' }, running: { type: 'integer' }, interrupted: { type: 'integer' } },
      },
    },
  },
};
