import { ALERT_SEVERITIES } from '@app/infrastructure';
import { ALERT_EVENT_KINDS, type AlertEvent } from '@app/monitoring-orchestrator';
import { OWNER_SCHEMA } from './alert-owner.schema';

/** The API's view of one alert history event. */
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
    tenant: {
      ...OWNER_SCHEMA,
      description: 'The rule’s owner (null: a system rule, whose history every tenant reads)',
    },
    ruleId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    ruleName: { type: 'string', example: 'high-error-ratio' },
    severity: { type: 'string', enum: [...ALERT_SEVERITIES] },
    kind: { type: 'string', enum: [...ALERT_EVENT_KINDS], example: 'firing' },
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
