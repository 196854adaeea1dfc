import { ALERT_COMPARISONS, ALERT_REDUCERS, ALERT_SEVERITIES } from '@app/infrastructure';
import {
  ALERT_RULE_SOURCES,
  ALERT_SCOPES,
  ALERT_STATE_NAMES,
  type AlertRule,
  type AlertState,
} from '@app/monitoring-orchestrator';
import { iso, OWNER_SCHEMA } from './alert-owner.schema';

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
    tenant: OWNER_SCHEMA,
    scope: { type: 'string', enum: [...ALERT_SCOPES], example: 'tenant' },
    name: { type: 'string', example: 'high-error-ratio' },
    expr: {
      type: 'object',
      properties: {
        series: { type: 'string', example: 'http.error_ratio' },
        comparison: { type: 'string', enum: [...ALERT_COMPARISONS], example: '>' },
        threshold: { type: 'number', example: 0.05 },
        forMs: { type: 'integer', example: 60000 },
        reduce: { type: 'string', enum: [...ALERT_REDUCERS], example: 'avg' },
        windowMs: { type: 'integer', example: 60000 },
      },
    },
    severity: { type: 'string', enum: [...ALERT_SEVERITIES], example: 'critical' },
    source: { type: 'string', enum: [...ALERT_RULE_SOURCES], example: 'api' },
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
        state: { type: 'string', enum: [...ALERT_STATE_NAMES] },
        since: { type: 'string', format: 'date-time', nullable: true },
        value: { type: 'number', nullable: true },
        evaluatedAt: { type: 'string', format: 'date-time', nullable: true },
      },
    },
  },
};
