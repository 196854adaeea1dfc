import { DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_SCOPES } from '@app/webhooks';
import type { WebhookDelivery, WebhookSubscription } from '@app/webhooks';

export const WEBHOOKS_PATH = '/api/v1/webhooks';
export const DELIVERIES_PATH = `${WEBHOOKS_PATH}/deliveries`;

const ID_EXAMPLE = '01JD3Z8X6Q4W3N5R7T9V1B2C3D';

/** A subscription as the API shows it: never its secret (shown once, on creation). */
export function presentWebhook(sub: WebhookSubscription) {
  return {
    id: sub.id,
    scope: sub.scope,
    targetId: sub.targetId,
    url: sub.url,
    events: sub.events,
    description: sub.description,
    signedWith: sub.secret ? 'subscription' : 'tenant',
    createdBy: sub.createdBy,
    createdAt: sub.createdAt.toISOString(),
    links: { self: `${WEBHOOKS_PATH}/${sub.id}`, deliveries: `${DELIVERIES_PATH}?subscriptionId=${sub.id}` },
  };
}

/** A delivery and its log; the body is the exact JSON that was (or will be) sent and signed. */
export function presentDelivery(delivery: WebhookDelivery) {
  return {
    id: delivery.id,
    subscriptionId: delivery.subscriptionId,
    event: delivery.event,
    objectId: delivery.objectId,
    url: delivery.url,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: delivery.status === 'pending' ? delivery.nextAttemptAt.toISOString() : null,
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    log: delivery.log,
    body: JSON.parse(delivery.body) as unknown,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: delivery.deliveredAt?.toISOString() ?? null,
    links: { self: `${DELIVERIES_PATH}/${delivery.id}`, webhook: `${WEBHOOKS_PATH}/${delivery.subscriptionId}` },
  };
}

export const WEBHOOK_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'scope',
    'targetId',
    'url',
    'events',
    'description',
    'signedWith',
    'createdBy',
    'createdAt',
    'links',
  ],
  properties: {
    id: { type: 'string', example: ID_EXAMPLE },
    scope: {
      type: 'string',
      enum: [...WEBHOOK_SCOPES],
      description:
        '`tenant`: every matching event of the tenant; `task`/`run`: the webhook given with that task or run',
    },
    targetId: { type: 'string', nullable: true, example: null },
    url: { type: 'string', example: 'https://hooks.example.com/ai-orchestration' },
    events: { type: 'array', items: { type: 'string', enum: [...WEBHOOK_EVENTS] }, example: ['task.succeeded'] },
    description: { type: 'string', nullable: true, example: 'Desk EQ signal bus' },
    signedWith: {
      type: 'string',
      enum: ['subscription', 'tenant'],
      description: 'Which secret signs its deliveries: its own, or the tenant’s',
    },
    createdBy: { type: 'string', nullable: true, example: 'desk-eq-admin' },
    createdAt: { type: 'string', format: 'date-time' },
    links: {
      type: 'object',
      required: ['self', 'deliveries'],
      properties: {
        self: { type: 'string', example: `${WEBHOOKS_PATH}/${ID_EXAMPLE}` },
        deliveries: { type: 'string', example: `${DELIVERIES_PATH}?subscriptionId=${ID_EXAMPLE}` },
      },
    },
  },
};

export const CREATED_WEBHOOK_SCHEMA = {
  ...WEBHOOK_SCHEMA,
  required: [...WEBHOOK_SCHEMA.required, 'secret'],
  properties: {
    ...WEBHOOK_SCHEMA.properties,
    secret: {
      type: 'string',
      description: 'The signing secret: shown only in this answer. Verify X-Webhook-Signature with it.',
      example: 'whsec_3q2-7wQ…',
    },
  },
};

export const TENANT_SECRET_SCHEMA = {
  type: 'object',
  required: ['secret', 'createdAt'],
  properties: {
    secret: {
      type: 'string',
      description: 'Shown only in this answer; the previous secret stops signing now',
      example: 'whsec_Xq3v9Jk2…',
    },
    createdAt: { type: 'string', format: 'date-time' },
  },
};

export const DELIVERY_SCHEMA = {
  type: 'object',
  required: [
    'id',
    'subscriptionId',
    'event',
    'objectId',
    'url',
    'status',
    'attempts',
    'nextAttemptAt',
    'lastStatusCode',
    'lastError',
    'log',
    'body',
    'createdAt',
    'deliveredAt',
    'links',
  ],
  properties: {
    id: { type: 'string', example: ID_EXAMPLE, description: 'Also the X-Webhook-Id header: deduplicate on it' },
    subscriptionId: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3E' },
    event: { type: 'string', enum: [...WEBHOOK_EVENTS] },
    objectId: {
      type: 'string',
      nullable: true,
      description: 'The task or run id (null for a test delivery)',
      example: '01JD3Z8X6Q4W3N5R7T9V1B2C3F',
    },
    url: { type: 'string', example: 'https://hooks.example.com/ai-orchestration' },
    status: { type: 'string', enum: [...DELIVERY_STATUSES] },
    attempts: { type: 'integer', example: 1 },
    nextAttemptAt: { type: 'string', format: 'date-time', nullable: true },
    lastStatusCode: { type: 'integer', nullable: true, example: 200 },
    lastError: { type: 'string', nullable: true, example: null },
    log: {
      type: 'array',
      description: 'The newest attempts (at most 20)',
      items: {
        type: 'object',
        required: ['at', 'statusCode', 'error', 'durationMs'],
        properties: {
          at: { type: 'string', format: 'date-time' },
          statusCode: { type: 'integer', nullable: true, example: 500 },
          error: { type: 'string', nullable: true, example: 'HTTP 500: upstream busy' },
          durationMs: { type: 'integer', example: 12 },
        },
      },
    },
    body: {
      type: 'object',
      additionalProperties: true,
      description: '`{ id, event, createdAt, subscriptionId, data }`; data is the task or run as the API shows it',
      example: {
        id: ID_EXAMPLE,
        event: 'task.succeeded',
        createdAt: '2026-11-25T12:00:00.000Z',
        subscriptionId: '01JD3Z8X6Q4W3N5R7T9V1B2C3E',
        data: { id: '01JD3Z8X6Q4W3N5R7T9V1B2C3F', status: 'succeeded', result: { call: { price: 4.76 } } },
      },
    },
    createdAt: { type: 'string', format: 'date-time' },
    deliveredAt: { type: 'string', format: 'date-time', nullable: true },
    links: {
      type: 'object',
      required: ['self', 'webhook'],
      properties: {
        self: { type: 'string', example: `${DELIVERIES_PATH}/${ID_EXAMPLE}` },
        webhook: { type: 'string', example: `${WEBHOOKS_PATH}/01JD3Z8X6Q4W3N5R7T9V1B2C3E` },
      },
    },
  },
};
