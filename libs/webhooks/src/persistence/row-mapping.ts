import type { Selectable } from 'kysely';
import {
  fromDbInteger,
  fromDbIntegerOrNull,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  type DatabaseDialect,
} from '@app/infrastructure';
import type { DeliveryAttempt, WebhookDelivery, WebhookEvent, WebhookSubscription } from '../webhook.types';
import type { DeliveryRow, SubscriptionRow } from './tables';

export function toSubscription(dialect: DatabaseDialect, row: Selectable<SubscriptionRow>): WebhookSubscription {
  return {
    id: row.id,
    tenant: row.tenant,
    scope: row.scope,
    targetId: row.target_id,
    url: row.url,
    events: fromDbJson<WebhookEvent[]>(dialect, row.events) ?? [],
    description: row.description,
    secret: row.secret,
    createdBy: row.created_by,
    createdAt: fromDbTimestamp(row.created_at),
  };
}

export function toDelivery(dialect: DatabaseDialect, row: Selectable<DeliveryRow>): WebhookDelivery {
  return {
    id: row.id,
    tenant: row.tenant,
    subscriptionId: row.subscription_id,
    event: row.event,
    objectId: row.object_id,
    url: row.url,
    body: row.body,
    status: row.status,
    attempts: fromDbInteger(row.attempts),
    nextAttemptAt: fromDbTimestamp(row.next_attempt_at),
    lockedUntil: fromDbTimestampOrNull(row.locked_until),
    lastStatusCode: fromDbIntegerOrNull(row.last_status_code),
    lastError: row.last_error,
    log: fromDbJson<DeliveryAttempt[]>(dialect, row.log) ?? [],
    createdAt: fromDbTimestamp(row.created_at),
    deliveredAt: fromDbTimestampOrNull(row.delivered_at),
  };
}
