import type { AgentMessage, AgentView, CoordinationRun } from '@app/agent-coordinator';
import { workErrorSchema } from '../http/work-error.schema';

export const AGENTS_PATH = '/api/v1/agents';
export const RUNS_PATH = '/api/v1/coordination/runs';

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
    load: view.load,
    health: view.health,
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

/** `claim` adds the lease a consumer needs to ack; `summary` leaves out the payload (lists). */
export function presentMessage(m: AgentMessage, detail: 'full' | 'claim' | 'summary' = 'full') {
  return {
    id: m.id,
    agentId: m.agentId,
    from: m.from,
    broadcastId: m.broadcastId,
    correlationId: m.correlationId,
    type: m.type,
    priority: m.priority,
    ...(detail !== 'summary' ? { payload: m.payload } : {}),
    status: m.status,
    deliveries: m.deliveries,
    maxDeliveries: m.maxDeliveries,
    ...(detail === 'claim' ? { leaseId: m.leaseId, leaseExpiresAt: m.leaseExpiresAt?.toISOString() ?? null } : {}),
    expiresAt: m.expiresAt.toISOString(),
    reply: m.reply ?? null,
    error: m.error,
    deadReason: m.deadReason,
    createdAt: m.createdAt.toISOString(),
    finishedAt: m.finishedAt?.toISOString() ?? null,
    links: {
      self: `${AGENTS_PATH}/messages/${m.id}`,
      ...(detail === 'claim' ? leaseLinks(m) : {}),
    },
  };
}

function leaseLinks(m: AgentMessage) {
  const base = `${AGENTS_PATH}/${m.agentId}/messages/${m.id}`;
  return { ack: `${base}/ack`, nack: `${base}/nack`, extend: `${base}/extend` };
}

/** A lease just extended: who holds it and until when. */
export function presentLease(m: AgentMessage) {
  return {
    id: m.id,
    agentId: m.agentId,
    status: m.status,
    deliveries: m.deliveries,
    leaseId: m.leaseId,
    leasedAt: m.leasedAt?.toISOString() ?? null,
    leaseExpiresAt: m.leaseExpiresAt?.toISOString() ?? null,
    links: { self: `${AGENTS_PATH}/messages/${m.id}`, ...leaseLinks(m) },
  };
}

export function presentRun(run: CoordinationRun, detail: 'full' | 'summary' = 'full') {
  return {
    id: run.id,
    strategy: run.strategy,
    task: run.task,
    selection: run.selection,
    ...(detail === 'full' ? { input: run.input } : {}),
    priority: run.priority,
    timeoutMs: run.timeoutMs,
    status: run.status,
    steps: detail === 'full' ? run.steps : run.steps.map(({ output: _output, ...rest }) => rest),
    result: run.result,
    error: run.error,
    createdAt: run.createdAt.toISOString(),
    deadlineAt: run.deadlineAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    links: { self: `${RUNS_PATH}/${run.id}` },
  };
}

const BREAKER_SCHEMA = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: ['closed', 'open', 'half-open'] },
    openedAt: { type: 'string', nullable: true },
    probeAt: { type: 'string', nullable: true },
  },
};

export const AGENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    name: { type: 'string', example: 'forex-technical' },
    kind: { type: 'string', enum: ['builtin', 'external'] },
    capabilities: {
      type: 'array',
      items: { type: 'string' },
      example: ['technical_analysis', 'trading_signal', 'risk_assessment'],
    },
    model: { type: 'string', nullable: true, example: 'forex-technical' },
    maxConcurrency: { type: 'integer', example: 4 },
    metadata: { type: 'object', additionalProperties: true },
    status: { type: 'string', enum: ['idle', 'busy', 'paused', 'unhealthy', 'deregistered'] },
    statusReason: { type: 'string', nullable: true, example: 'circuit open' },
    load: { type: 'object', properties: { queued: { type: 'integer' }, inFlight: { type: 'integer' } } },
    health: {
      type: 'object',
      properties: {
        score: { type: 'number', example: 97.5 },
        routable: { type: 'boolean' },
        threshold: { type: 'number', example: 50 },
        successRate: { type: 'number', example: 0.97 },
        latencyEwmaMs: { type: 'number', nullable: true, example: 42.3 },
        consecutiveFailures: { type: 'integer', example: 0 },
        heartbeatFreshness: { type: 'number', example: 1 },
        heartbeatStale: { type: 'boolean' },
        breaker: BREAKER_SCHEMA,
      },
    },
    lastHeartbeatAt: { type: 'string', format: 'date-time', nullable: true },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    deregisteredAt: { type: 'string', format: 'date-time', nullable: true },
    links: {
      type: 'object',
      properties: { self: { type: 'string' }, messages: { type: 'string' }, metrics: { type: 'string' } },
    },
  },
};

export const MESSAGE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
    agentId: { type: 'string' },
    from: { type: 'string', nullable: true },
    broadcastId: { type: 'string', nullable: true },
    correlationId: { type: 'string', nullable: true },
    type: { type: 'string', example: 'trading_signal' },
    priority: { type: 'string', enum: ['critical', 'high', 'normal', 'low', 'background'] },
    payload: { description: 'Any JSON' },
    status: { type: 'string', enum: ['queued', 'leased', 'acked', 'dead'] },
    deliveries: { type: 'integer', example: 1 },
    maxDeliveries: { type: 'integer', example: 5 },
    leaseId: { type: 'string', description: 'Only on claims: send it back with ack / nack' },
    leaseExpiresAt: { type: 'string', format: 'date-time' },
    expiresAt: { type: 'string', format: 'date-time' },
    reply: { description: 'The ack output', nullable: true, example: { action: 'buy', confidence: 0.72 } },
    error: workErrorSchema(),
    deadReason: {
      type: 'string',
      nullable: true,
      enum: ['expired', 'max_deliveries', 'rejected', 'cancelled', 'drained', 'agent_deregistered', null],
    },
    createdAt: { type: 'string', format: 'date-time' },
    finishedAt: { type: 'string', format: 'date-time', nullable: true },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

export const LEASE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', description: 'Message id', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
    agentId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    status: { type: 'string', enum: ['leased'] },
    deliveries: { type: 'integer', example: 1 },
    leaseId: { type: 'string', example: '01JD3Z9C4D5E6F7G8H9J0K1M2N' },
    leasedAt: { type: 'string', format: 'date-time', description: 'When this delivery was claimed' },
    leaseExpiresAt: {
      type: 'string',
      format: 'date-time',
      description: 'The new expiry: redelivered if neither acked, nacked nor extended by then',
      example: '2026-11-25T12:01:00.000Z',
    },
    links: { type: 'object', additionalProperties: { type: 'string' } },
  },
};

export const RUN_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3ZB7C8D9E0F1G2H3J4K5M6' },
    strategy: { type: 'string', enum: ['sequential', 'parallel', 'consensus'] },
    task: { type: 'string', example: 'trading_signal' },
    selection: {
      type: 'object',
      properties: {
        agents: { type: 'array', items: { type: 'string' } },
        capability: { type: 'string' },
        tasks: { type: 'array', items: { type: 'string' } },
      },
    },
    input: { description: 'Any JSON' },
    priority: { type: 'string' },
    timeoutMs: { type: 'integer', example: 30000 },
    status: { type: 'string', enum: ['running', 'succeeded', 'partial', 'failed', 'timed_out'] },
    steps: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          agentId: { type: 'string' },
          agentName: { type: 'string' },
          task: { type: 'string' },
          status: { type: 'string', enum: ['pending', 'sent', 'succeeded', 'failed', 'timed_out', 'skipped'] },
          messageId: { type: 'string', nullable: true },
          healthAtStart: { type: 'number' },
          output: { description: 'The agent reply' },
          error: workErrorSchema(),
          startedAt: { type: 'string', format: 'date-time' },
          finishedAt: { type: 'string', format: 'date-time' },
          latencyMs: { type: 'number' },
        },
      },
    },
    result: {
      description:
        'sequential: { completedSteps, output }; parallel: { succeeded, failed }; consensus: { action, agreement, unanimous, tie, weights, votes, voters, dissenters, failed }',
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

export const METRICS_SCHEMA = {
  type: 'object',
  properties: {
    agentId: { type: 'string' },
    handled: { type: 'integer', example: 120 },
    failures: { type: 'integer', example: 3 },
    latencyMs: {
      type: 'object',
      properties: {
        p50: { type: 'number', nullable: true, example: 35 },
        p95: { type: 'number', nullable: true, example: 180 },
        samples: { type: 'integer' },
      },
    },
    scoreHistory: {
      type: 'array',
      items: { type: 'object', properties: { at: { type: 'string' }, score: { type: 'number' } } },
    },
    breakerTransitions: {
      type: 'array',
      items: { type: 'object', properties: { at: { type: 'string' }, state: { type: 'string' } } },
    },
    health: { type: 'object' },
  },
};
