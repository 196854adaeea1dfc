/** Events a subscription may ask for: finished tasks, runs that finished or wait for a human, and the test ping. */
export const WEBHOOK_EVENTS = [
  'task.succeeded',
  'task.failed',
  'task.cancelled',
  'task.timed_out',
  'run.succeeded',
  'run.failed',
  'run.cancelled',
  'run.interrupted',
  'webhook.test',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a subscription covers: every matching event of its tenant, or one task's or run's. */
export const WEBHOOK_SCOPES = ['tenant', 'task', 'run'] as const;
export type WebhookScope = (typeof WEBHOOK_SCOPES)[number];

export const DELIVERY_STATUSES = ['pending', 'delivering', 'succeeded', 'failed'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** A subscription as stored; `secret` is null when deliveries are signed with the tenant's secret. */
export interface WebhookSubscription {
  id: string;
  tenant: string;
  scope: WebhookScope;
  /** The task or run id of a task/run webhook; null for a tenant subscription. */
  targetId: string | null;
  url: string;
  events: WebhookEvent[];
  description: string | null;
  secret: string | null;
  createdBy: string | null;
  createdAt: Date;
}

/** One attempt of a delivery, as the delivery log shows it. */
export interface DeliveryAttempt {
  at: string;
  statusCode: number | null;
  error: string | null;
  durationMs: number;
}

/** One event to one subscription: the outbox row, and its log. */
export interface WebhookDelivery {
  id: string;
  tenant: string;
  subscriptionId: string;
  event: WebhookEvent;
  objectId: string | null;
  url: string;
  /** The exact body sent (and signed). */
  body: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lockedUntil: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  log: DeliveryAttempt[];
  createdAt: Date;
  deliveredAt: Date | null;
}

/** Something that happened, with the object it is about as the API presents it. */
export interface WebhookOccurrence {
  tenant: string;
  event: WebhookEvent;
  /** The task or run id (null for a test ping). */
  objectId: string | null;
  /**
   * What makes this occurrence unique for its object (e.g. the task's finish time): the same
   * occurrence published twice (an event and a recovery sweep) is delivered once.
   */
  occurrence: string;
  data: unknown;
}

export interface CreateSubscriptionInput {
  url: string;
  events: WebhookEvent[];
  description?: string;
  /** Given by the caller, or generated; shown once. */
  secret?: string;
}

/** A webhook given with a task or run: its URL, optional secret (else the tenant's) and events (else all of its kind). */
export interface TargetWebhookInput {
  url: string;
  secret?: string;
  events?: WebhookEvent[];
}

export interface DeliveryListQuery {
  tenant: string;
  subscriptionId?: string;
  status?: DeliveryStatus;
  event?: WebhookEvent;
  limit?: number;
  cursor?: string;
}
