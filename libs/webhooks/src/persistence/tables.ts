import type { ColumnType, Kysely } from 'kysely';
import type { DeliveryStatus, WebhookEvent, WebhookScope } from '../webhook.types';

/** Read: a Date (PostgreSQL) or the ISO text we wrote (SQLite); written with toDbTimestamp. */
type Timestamp = ColumnType<Date | string, string, string>;
type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
/** Read: parsed (PostgreSQL jsonb) or text (SQLite); written with toDbJson. */
type Json = ColumnType<unknown, string, string>;
/** PostgreSQL may return integers as strings: read with fromDbInteger. */
type Int = ColumnType<number | string, number, number>;
type NullableInt = ColumnType<number | string | null, number | null, number | null>;

/** A subscription (0001). */
export interface SubscriptionRow {
  id: string;
  tenant: string;
  scope: WebhookScope;
  target_id: string | null;
  url: string;
  events: Json;
  description: string | null;
  secret: string | null;
  created_by: string | null;
  created_at: Timestamp;
}

/** A tenant's signing secret for webhooks given without one (0001). */
export interface TenantSecretRow {
  tenant: string;
  secret: string;
  created_at: Timestamp;
}

/** One event to one subscription: the outbox row and its log (0001). */
export interface DeliveryRow {
  id: string;
  tenant: string;
  subscription_id: string;
  event: WebhookEvent;
  object_id: string | null;
  dedupe_key: string;
  url: string;
  body: string;
  status: DeliveryStatus;
  attempts: Int;
  next_attempt_at: Timestamp;
  locked_until: NullableTimestamp;
  last_status_code: NullableInt;
  last_error: string | null;
  log: Json;
  created_at: Timestamp;
  delivered_at: NullableTimestamp;
}

/** The webhooks library's tables as Kysely sees them (see migrations/). */
export interface WebhooksTables {
  webhook_subscriptions: SubscriptionRow;
  webhook_tenant_secrets: TenantSecretRow;
  webhook_deliveries: DeliveryRow;
}

export type WebhooksDb = Kysely<WebhooksTables>;
