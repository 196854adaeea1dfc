import type { AlertEvent, AlertRule, AlertState, DashboardData, Silence } from '@app/monitoring-orchestrator';

const iso = (d: Date | null) => d?.toISOString() ?? null;
const OWNER = {
  type: 'string',
  nullable: true,
  example: 'desk-fx',
  description: 'Owner: the creator’s tenant; null for the system scope (config rules, rules made with `scope: system`)',
};

/** A rule with the state the answering replica keeps for it. */
export function presentAlertRule(rule: AlertRule, state: AlertState) {
  return {
    id: rule.id,
    tenant: rule.tenant,
    scope: rule.tenant === null ? ('system' as const) : ('tenant' as const),
    name: rule.name,
    expr: rule.expr,
    severity: rule.severity,
    source: rule.source,
    createdBy: rule.createdBy,
    createdAt: rule.createdAt.toISOString(),
    state: { state: state.state, since: iso(state.since), value: state.value, evaluatedAt: iso(state.evaluatedAt) },
  };
}

export const ALERT_RULE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D', description: 'Config rules: `config:<name>`' },
    tenant: OWNER,
    scope: { type: 'string', enum: ['tenant', 'system'], example: 'tenant' },
    name: { type: 'string', example: 'high-error-ratio' },
    expr: {
      type: 'object',
      properties: {
        series: { type: 'string', example: 'http.error_ratio' },
        comparison: { type: 'string', enum: ['>', '>=', '<', '<=', '==', '!='], example: '>' },
        threshold: { type: 'number', example: 0.05 },
        forMs: { type: 'integer', example: 60000 },
        reduce: { type: 'string', enum: ['last', 'avg', 'min', 'max'], example: 'avg' },
        windowMs: { type: 'integer', example: 60000 },
      },
    },
    severity: { type: 'string', enum: ['info', 'warning', 'critical'], example: 'critical' },
    source: { type: 'string', enum: ['config', 'api'], example: 'api' },
    createdBy: { type: 'string', nullable: true, example: 'fx-ops' },
    createdAt: { type: 'string', format: 'date-time' },
    state: {
      type: 'object',
      example: {
        state: 'firing',
        since: '2030-01-01T09:01:00.000Z',
        value: 0.12,
        evaluatedAt: '2030-01-01T09:05:00.000Z',
      },
      properties: {
        state: { type: 'string', enum: ['inactive', 'pending', 'firing'] },
        since: { type: 'string', format: 'date-time', nullable: true },
        value: { type: 'number', nullable: true },
        evaluatedAt: { type: 'string', format: 'date-time', nullable: true },
      },
    },
  },
};

export function presentSilence(silence: Silence) {
  return {
    id: silence.id,
    tenant: silence.tenant,
    scope: silence.tenant === null ? ('system' as const) : ('tenant' as const),
    ruleName: silence.ruleName,
    severity: silence.severity,
    startsAt: silence.startsAt.toISOString(),
    endsAt: silence.endsAt.toISOString(),
    comment: silence.comment,
    createdBy: silence.createdBy,
    createdAt: silence.createdAt.toISOString(),
  };
}

export const SILENCE_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z9A1B2C3D4E5F6G7H8J9K' },
    tenant: { ...OWNER, description: 'Owner: a silence mutes its owner’s rules only (null: the system rules)' },
    scope: { type: 'string', enum: ['tenant', 'system'], example: 'tenant' },
    ruleName: { type: 'string', nullable: true, example: 'high-error-ratio', description: 'Null: every rule' },
    severity: { type: 'string', nullable: true, enum: ['info', 'warning', 'critical', null], example: null },
    startsAt: { type: 'string', format: 'date-time', example: '2030-01-01T09:00:00.000Z' },
    endsAt: { type: 'string', format: 'date-time', example: '2030-01-01T11:00:00.000Z' },
    comment: { type: 'string', example: 'planned database failover' },
    createdBy: { type: 'string', nullable: true, example: 'fx-ops' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

export function presentAlertEvent(event: AlertEvent) {
  return {
    id: event.id,
    tenant: event.tenant,
    ruleId: event.ruleId,
    ruleName: event.ruleName,
    severity: event.severity,
    kind: event.kind,
    value: event.value,
    threshold: event.threshold,
    silenced: event.silenced,
    at: event.at.toISOString(),
    replica: event.replica,
  };
}

export const ALERT_EVENT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3ZA0000000000000000000' },
    tenant: { ...OWNER, description: 'The rule’s owner (null: a system rule, whose history every tenant reads)' },
    ruleId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    ruleName: { type: 'string', example: 'high-error-ratio' },
    severity: { type: 'string', enum: ['info', 'warning', 'critical'] },
    kind: { type: 'string', enum: ['pending', 'firing', 'resolved', 'cancelled'], example: 'firing' },
    value: { type: 'number', nullable: true, example: 0.12 },
    threshold: { type: 'number', example: 0.05 },
    silenced: { type: 'boolean', example: false },
    at: { type: 'string', format: 'date-time', example: '2030-01-01T09:01:00.000Z' },
    replica: {
      type: 'string',
      nullable: true,
      example: 'embedded',
      description: 'The replica whose evaluation saw the change',
    },
  },
};

/** The dashboard's document; its alert history in the same shape as GET /alerts/history. */
export function presentDashboard(data: DashboardData) {
  return { ...data, alerts: { firing: data.alerts.firing, recent: data.alerts.recent.map(presentAlertEvent) } };
}

export const DASHBOARD_SCHEMA = {
  type: 'object',
  example: {
    generatedAt: '2030-01-01T09:00:00.000Z',
    windowMs: 900000,
    health: { status: 'up', components: {} },
    series: { 'http.request_rate': [{ t: 1893488400000, v: 12.4 }] },
    queues: [],
    recentFailures: [],
    alerts: {
      firing: [
        {
          ruleId: '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
          tenant: 'desk-fx',
          name: 'high-error-ratio',
          severity: 'critical',
          since: '2030-01-01T09:01:00.000Z',
          value: 0.12,
          series: 'http.error_ratio',
          threshold: 0.05,
        },
      ],
      recent: [],
    },
  },
};
