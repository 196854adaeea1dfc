import { Injectable } from '@nestjs/common';
import { AppError, newId, WebhooksSettings, type Page } from '@app/infrastructure';
import { DeliveryRepository } from '../persistence/delivery.repository';
import { SubscriptionRepository } from '../persistence/subscription.repository';
import { TenantSecretRepository } from '../persistence/tenant-secret.repository';
import { newWebhookSecret } from '../security/signature';
import { WebhookUrlGuard } from '../security/url-guard';
import { WebhookDispatcher } from '../delivery/webhook-dispatcher';
import type {
  CreateSubscriptionInput,
  DeliveryListQuery,
  TargetWebhookInput,
  WebhookDelivery,
  WebhookEvent,
  WebhookOccurrence,
  WebhookSubscription,
} from '../webhook.types';
import { checkTargetUrl } from './webhook-targets';

/** Who asks: the tenant everything is scoped to, and the principal recorded as creator. */
export interface WebhookCaller {
  tenant: string;
  id: string;
}

/** The events a task's or run's own webhook gets when it names none. */
const TARGET_DEFAULT_EVENTS: Record<'task' | 'run', WebhookEvent[]> = {
  task: ['task.succeeded', 'task.failed', 'task.cancelled', 'task.timed_out'],
  run: ['run.succeeded', 'run.failed', 'run.cancelled', 'run.interrupted'],
};

/**
 * Subscriptions and deliveries, per tenant: every read and write is scoped to the caller's tenant
 * (another tenant's id is 404). Publishing writes one outbox row per matching subscription; the
 * dispatcher delivers it.
 */
@Injectable()
export class WebhookService {
  constructor(
    private readonly settings: WebhooksSettings,
    private readonly guard: WebhookUrlGuard,
    private readonly subscriptions: SubscriptionRepository,
    private readonly deliveries: DeliveryRepository,
    private readonly secrets: TenantSecretRepository,
    private readonly dispatcher: WebhookDispatcher,
  ) {}

  /** A tenant subscription; its secret (given or generated) is in the answer and never shown again. */
  async create(caller: WebhookCaller, input: CreateSubscriptionInput) {
    checkTargetUrl(this.guard, input.url, 'url');
    if ((await this.subscriptions.countTenantScoped(caller.tenant)) >= this.settings.maxSubscriptionsPerTenant) {
      throw new AppError(
        'CONFLICT',
        `The tenant has ${this.settings.maxSubscriptionsPerTenant} webhook subscriptions, the most allowed; delete one first`,
      );
    }
    const subscription: WebhookSubscription = {
      id: newId(),
      tenant: caller.tenant,
      scope: 'tenant',
      targetId: null,
      url: input.url,
      events: [...new Set(input.events)],
      description: input.description ?? null,
      secret: input.secret ?? newWebhookSecret(),
      createdBy: caller.id,
      createdAt: new Date(),
    };
    await this.subscriptions.insert(subscription);
    return { subscription, secret: subscription.secret as string };
  }

  list(tenant: string, page: { limit?: number; cursor?: string }): Promise<Page<WebhookSubscription>> {
    return this.subscriptions.list(tenant, 'tenant', page);
  }

  async get(tenant: string, id: string): Promise<WebhookSubscription> {
    const subscription = await this.subscriptions.find(tenant, id);
    if (!subscription) throw AppError.notFound('webhook', id);
    return subscription;
  }

  async delete(tenant: string, id: string): Promise<void> {
    if (!(await this.subscriptions.delete(tenant, id))) throw AppError.notFound('webhook', id);
  }

  /** Queues a `webhook.test` delivery to one subscription and returns it (see its log for the outcome). */
  async test(tenant: string, id: string): Promise<WebhookDelivery> {
    const subscription = await this.get(tenant, id);
    const deliveryId = newId();
    await this.enqueue(
      subscription,
      {
        tenant,
        event: 'webhook.test',
        objectId: null,
        occurrence: deliveryId,
        data: { subscriptionId: subscription.id, message: 'A test delivery: the signature verifies with your secret' },
      },
      deliveryId,
    );
    return this.delivery(tenant, deliveryId);
  }

  /** Checks a task's or run's webhook before the task or run is created: 400 naming `field`. */
  async checkTargetWebhook(
    tenant: string,
    scope: 'task' | 'run',
    input: TargetWebhookInput,
    field: string,
  ): Promise<void> {
    checkTargetUrl(this.guard, input.url, `${field}.url`);
    const foreign = (input.events ?? []).filter((event) => !TARGET_DEFAULT_EVENTS[scope].includes(event));
    if (foreign.length) {
      throw AppError.validation([
        {
          field: `${field}.events`,
          message: `a ${scope}'s webhook takes ${TARGET_DEFAULT_EVENTS[scope].join(', ')}; not ${foreign.join(', ')}`,
        },
      ]);
    }
    if (input.secret === undefined && !(await this.secrets.find(tenant))) {
      throw AppError.validation([
        {
          field: `${field}.secret`,
          message: 'is required while the tenant has no webhook secret (create one with POST /api/v1/webhooks/secret)',
        },
      ]);
    }
  }

  /** Stores the webhook of one task or run (checked with checkTargetWebhook first). */
  async watch(caller: WebhookCaller, scope: 'task' | 'run', targetId: string, input: TargetWebhookInput) {
    const subscription: WebhookSubscription = {
      id: newId(),
      tenant: caller.tenant,
      scope,
      targetId,
      url: input.url,
      events: input.events?.length ? [...new Set(input.events)] : TARGET_DEFAULT_EVENTS[scope],
      description: null,
      secret: input.secret ?? null,
      createdBy: caller.id,
      createdAt: new Date(),
    };
    await this.subscriptions.insert(subscription);
    return subscription;
  }

  /** A new tenant secret for webhooks given without one; shown once, replaces the previous one. */
  async rotateTenantSecret(tenant: string): Promise<{ secret: string; createdAt: Date }> {
    const secret = newWebhookSecret();
    const createdAt = new Date();
    await this.secrets.put(tenant, secret, createdAt);
    return { secret, createdAt };
  }

  /**
   * Whether anything subscribes to this event of this object (one indexed query): the gateway asks
   * before it reads and presents the object, so a task nobody subscribes to costs no read.
   */
  async hasSubscribers(tenant: string, event: WebhookEvent, objectId: string): Promise<boolean> {
    return (await this.subscriptions.matching(tenant, event, objectId)).length > 0;
  }

  /** One outbox row per matching subscription; the same occurrence published twice is delivered once. */
  async publish(occurrence: WebhookOccurrence): Promise<number> {
    const subscriptions = await this.subscriptions.matching(occurrence.tenant, occurrence.event, occurrence.objectId);
    let added = 0;
    for (const subscription of subscriptions) if (await this.enqueue(subscription, occurrence)) added += 1;
    return added;
  }

  /** Task and run webhooks with no delivery yet: what the gateway re-checks at start-up. */
  undeliveredTargets(limit = 500): Promise<WebhookSubscription[]> {
    return this.subscriptions.undeliveredTargets(limit);
  }

  deliveriesOf(query: DeliveryListQuery): Promise<Page<WebhookDelivery>> {
    return this.deliveries.list(query);
  }

  async delivery(tenant: string, id: string): Promise<WebhookDelivery> {
    const delivery = await this.deliveries.find(tenant, id);
    if (!delivery) throw AppError.notFound('webhook delivery', id);
    return delivery;
  }

  private async enqueue(subscription: WebhookSubscription, occurrence: WebhookOccurrence, id = newId()) {
    const at = new Date();
    const body = JSON.stringify({
      id,
      event: occurrence.event,
      createdAt: at.toISOString(),
      subscriptionId: subscription.id,
      data: occurrence.data,
    });
    const added = await this.deliveries.insertIfAbsent({
      id,
      tenant: subscription.tenant,
      subscriptionId: subscription.id,
      event: occurrence.event,
      objectId: occurrence.objectId,
      dedupeKey: `${subscription.id}:${occurrence.event}:${occurrence.objectId ?? '-'}:${occurrence.occurrence}`,
      url: subscription.url,
      body,
      at,
    });
    if (added) this.dispatcher.kick();
    return added;
  }
}
