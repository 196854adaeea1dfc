import {
  AGENT_KINDS,
  AGENT_STATUSES,
  BREAKER_STATES,
  type AgentMetricsView,
  type AgentRecord,
  type AgentView,
  type BreakerView,
  type HealthView,
} from '@app/agent-coordinator';

export const AGENTS_PATH = '/api/v1/agents';

/** An agent with its status, load and health, as GET /agents/:id answers it. */
export function presentAgent(view: AgentView) {
  const a = view.agent;
  return {
    id: a.id,
    name: a.name,
    kind: a.kind,
    capabilities: a.capabilities,
    model: a.model,
    maxConcurrency: a.maxConcurrency,
    metadata: a.metadata,
    status: view.status,
    statusReason: view.statusReason,
    load: { queued: view.load.queued, inFlight: view.load.inFlight },
    health: presentHealth(view.health),
    lastHeartbeatAt: a.lastHeartbeatAt?.toISOString() ?? null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    deregisteredAt: a.deregisteredAt?.toISOString() ?? null,
    links: {
      self: `${AGENTS_PATH}/${a.id}`,
      messages: `${AGENTS_PATH}/${a.id}/messages`,
      metrics: `${AGENTS_PATH}/${a.id}/metrics`,
    },
  };
}

/** An agent's health score and its inputs, and its circuit breaker. */
export function presentHealth(health: HealthView) {
  return {
    score: health.score,
    routable: health.routable,
    threshold: health.threshold,
    successRate: health.successRate,
    latencyEwmaMs: health.latencyEwmaMs,
    consecutiveFailures: health.consecutiveFailures,
    heartbeatFreshness: health.heartbeatFreshness,
    heartbeatStale: health.heartbeatStale,
    breaker: presentBreaker(health.breaker),
  };
}

function presentBreaker(breaker: BreakerView) {
  return { state: breaker.state, openedAt: breaker.openedAt, probeAt: breaker.probeAt };
}

/** GET /agents/:id/metrics: outcome counts, latency percentiles, bounded histories and the health now. */
export function presentAgentMetrics(agent: AgentRecord, metrics: AgentMetricsView, health: HealthView) {
  return {
    agentId: agent.id,
    handled: metrics.handled,
    failures: metrics.failures,
    latencyMs: { p50: metrics.latencyMs.p50, p95: metrics.latencyMs.p95, samples: metrics.latencyMs.samples },
    scoreHistory: metrics.scoreHistory.map((s) => ({ at: s.at, score: s.score })),
    breakerTransitions: metrics.breakerTransitions.map((t) => ({ at: t.at, state: t.state })),
    health: presentHealth(health),
  };
}

const BREAKER_SCHEMA = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: [...BREAKER_STATES] },
    openedAt: { type: 'string', nullable: true, example: null },
    probeAt: { type: 'string', nullable: true, example: null },
  },
};

export const AGENT_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'name',
    'kind',
    'capabilities',
    'model',
    'maxConcurrency',
    'metadata',
    'status',
    'statusReason',
    'load',
    'health',
    'lastHeartbeatAt',
    'createdAt',
    'updatedAt',
    'deregisteredAt',
    'links',
  ],
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    name: { type: 'string', example: 'forex-technical' },
    kind: { type: 'string', enum: [...AGENT_KINDS] },
    capabilities: {
      type: 'array',
      items: { type: 'string' },
      example: ['technical_analysis', 'trading_signal', 'risk_assessment'],
    },
    model: { type: 'string', nullable: true, example: 'forex-technical' },
    maxConcurrency: { type: 'integer', example: 4 },
    metadata: { type: 'object', additionalProperties: true, example: { team: 'macro', region: 'EU' } },
    status: { type: 'string', enum: [...AGENT_STATUSES] },
    statusReason: { type: 'string', nullable: true, example: 'circuit open' },
    load: {
      type: 'object',
      properties: { queued: { type: 'integer', example: 2 }, inFlight: { type: 'integer', example: 1 } },
    },
    health: {
      type: 'object',
      properties: {
        score: { type: 'number', example: 97.5 },
        routable: { type: 'boolean', example: true },
        threshold: { type: 'number', example: 50 },
        successRate: { type: 'number', example: 0.97 },
        latencyEwmaMs: { type: 'number', nullable: true, example: 42.3 },
        consecutiveFailures: { type: 'integer', example: 0 },
        heartbeatFreshness: { type: 'number', example: 1 },
        heartbeatStale: { type: 'boolean', example: false },
        breaker: BREAKER_SCHEMA,
      },
    },
    lastHeartbeatAt: { type: 'string', format: 'date-time', nullable: true },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    deregisteredAt: { type: 'string', format: 'date-time', nullable: true },
    links: {
      type: 'object',
      properties: {
        self: { type: 'string', example: '/api/v1/agents/01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
        messages: { type: 'string', example: '/api/v1/agents/01JD3Z8X6Q4W3N5R7T9V1B2C3D/messages' },
        metrics: { type: 'string', example: '/api/v1/agents/01JD3Z8X6Q4W3N5R7T9V1B2C3D/metrics' },
      },
    },
  },
};

export const METRICS_SCHEMA = {
  type: 'object',
  properties: {
    agentId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    handled: { type: 'integer', example: 120 },
    failures: { type: 'integer', example: 3 },
    latencyMs: {
      type: 'object',
      properties: {
        p50: { type: 'number', nullable: true, example: 35 },
        p95: { type: 'number', nullable: true, example: 180 },
        samples: { type: 'integer', example: 120 },
      },
    },
    scoreHistory: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: { type: 'string', example: '2026-11-25T12:00:00.000Z' },
          score: { type: 'number', example: 97.5 },
        },
      },
    },
    breakerTransitions: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          at: { type: 'string', example: '2026-11-25T12:00:00.000Z' },
          state: { type: 'string', example: 'open' },
        },
      },
    },
    health: { type: 'object', description: 'As in GET /agents/{id}', example: { score: 97.5, routable: true } },
  },
};
