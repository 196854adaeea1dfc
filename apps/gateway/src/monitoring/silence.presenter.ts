import { ALERT_SEVERITIES } from '@app/infrastructure';
import { ALERT_SCOPES, type Silence } from '@app/monitoring-orchestrator';
import { OWNER_SCHEMA } from './alert-owner.schema';

/** The API's view of a silence. */
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
    tenant: { ...OWNER_SCHEMA, description: 'Owner: a silence mutes its owner’s rules only (null: the system rules)' },
    scope: { type: 'string', enum: [...ALERT_SCOPES], example: 'tenant' },
    ruleName: { type: 'string', nullable: true, example: 'high-error-ratio', description: 'Null: every rule' },
    severity: { type: 'string', nullable: true, enum: [...ALERT_SEVERITIES, null], example: null },
    startsAt: { type: 'string', format: 'date-time', example: '2030-01-01T09:00:00.000Z' },
    endsAt: { type: 'string', format: 'date-time', example: '2030-01-01T11:00:00.000Z' },
    comment: { type: 'string', example: 'planned database failover' },
    createdBy: { type: 'string', nullable: true, example: 'fx-ops' },
    createdAt: { type: 'string', format: 'date-time' },
  },
};
