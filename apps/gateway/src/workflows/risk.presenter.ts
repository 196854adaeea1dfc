import type { Halt, HaltState, RiskLimit } from '@app/langgraph';
import { HALT_SCOPES, RISK_METRICS } from '@app/langgraph';
import { ORCHESTRATION_PATH } from './run.presenter';

export const RISK_LIMITS_PATH = `${ORCHESTRATION_PATH}/risk-limits`;

/** One risk limit as the API shows it. */
export function presentRiskLimit(limit: RiskLimit) {
  return {
    id: limit.id,
    desk: limit.desk,
    metric: limit.metric,
    symbol: limit.symbol,
    max: limit.max,
    createdBy: limit.createdBy,
    createdAt: limit.createdAt.toISOString(),
    updatedAt: limit.updatedAt.toISOString(),
    links: { self: `${RISK_LIMITS_PATH}/${limit.id}` },
  };
}

export const RISK_LIMIT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    desk: { type: 'string', nullable: true, example: 'equities', description: 'null: the whole tenant' },
    metric: { type: 'string', enum: [...RISK_METRICS], example: 'notional' },
    symbol: { type: 'string', nullable: true, example: null, description: 'Position limits on one symbol' },
    max: { type: 'number', example: 250000 },
    createdBy: { type: 'string', nullable: true, example: 'eq-admin' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    links: { type: 'object', example: { self: '/api/v1/orchestration/risk-limits/01JD3Z8X6Q4W3N5R7T9V1B2C3D' } },
  },
};

function presentHalt(halt: Halt | null) {
  if (!halt) return null;
  return {
    scope: halt.scope,
    tenant: halt.tenant,
    reason: halt.reason,
    haltedBy: halt.haltedBy,
    haltedAt: halt.haltedAt.toISOString(),
  };
}

/** The kill switches a caller sees: the global one and its tenant's (the system admin: every tenant's). */
export function presentHaltState(state: HaltState, extra: { resumedRuns?: number } = {}) {
  return {
    halted: state.global !== null || state.tenant !== null,
    global: presentHalt(state.global),
    tenant: presentHalt(state.tenant),
    ...(state.tenants ? { tenants: state.tenants.map(presentHalt) } : {}),
    ...extra,
  };
}

const HALT_SCHEMA = {
  type: 'object',
  nullable: true,
  properties: {
    scope: { type: 'string', enum: [...HALT_SCOPES] },
    tenant: { type: 'string', nullable: true, example: 'desk-eq' },
    reason: { type: 'string', example: 'Exchange outage: stop all rebalancing until ops confirm prices' },
    haltedBy: { type: 'string', nullable: true, example: 'eq-ops' },
    haltedAt: { type: 'string', format: 'date-time' },
  },
};

export const HALT_STATE_SCHEMA = {
  type: 'object',
  properties: {
    halted: {
      type: 'boolean',
      description: 'Whether a switch holds your tenant’s runs (its own or the global one)',
      example: false,
    },
    global: HALT_SCHEMA,
    tenant: HALT_SCHEMA,
    tenants: { type: 'array', items: HALT_SCHEMA, description: 'System admin only: every halted tenant' },
    resumedRuns: { type: 'integer', description: 'Resume only: interrupted runs put back in the queue', example: 2 },
  },
};
