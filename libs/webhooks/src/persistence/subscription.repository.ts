import { Injectable } from '@nestjs/common';
import { fromDbInteger, paginate, toDbJson, toDbTimestamp, type Page, TablesRepository } from '@app/infrastructure';
import type { WebhookEvent, WebhookScope, WebhookSubscription } from '../webhook.types';
import { toSubscription } from './row-mapping';
import type { WebhooksDb, WebhooksTables } from './tables';

/** Subscriptions: a tenant's, and the one-object webhooks given with a task or run. */
@Injectable()
export class SubscriptionRepository extends TablesRepository<WebhooksTables> {
  async insert(sub: WebhookSubscription, db: WebhooksDb = this.db): Promise<void> {
    await db
      .insertInto('webhook_subscriptions')
      .values({
        id: sub.id,
        tenant: sub.tenant,
        scope: sub.scope,
        target_id: sub.targetId,
        url: sub.url,
        events: toDbJson(sub.events) as string,
        description: sub.description,
        secret: sub.secret,
        created_by: sub.createdBy,
        created_at: toDbTimestamp(sub.createdAt),
      })
      .execute();
  }

  async find(tenant: string, id: string): Promise<WebhookSubscription | undefined> {
    const row = await this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toSubscription(this.database.dialect, row) : undefined;
  }

  async list(tenant: string, scope: WebhookScope, page: { limit?: number; cursor?: string }) {
    const q = this.db
      .selectFrom('webhook_subscriptions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('scope', '=', scope);
    const result = await paginate(q, { ...page, orderBy: { column: 'created_at', direction: 'desc' } });
    return {
      items: result.items.map((row) => toSubscription(this.database.dialect, row)),
      nextCursor: result.nextCursor,
    } satisfies Page<WebhookSubscription>;
  }

  async countTenantScoped(tenant: string, db: WebhooksDb = this.db): Promise<number> {
    const row = await db
      .selectFrom('webhook_subscriptions')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .where('scope', '=', 'tenant')
      .executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  /** The tenant subscriptions that ask for `event`, and the webhooks of the object it is about. */
  async matching(tenant: string, event: WebhookEvent, objectId: string | null): Promise<WebhookSubscription[]> {
    let q = this.db.selectFrom('webhook_subscriptions').selectAll().where('tenant', '=', tenant);
    q = objectId
      ? q.where((eb) => eb.or([eb('scope', '=', 'tenant'), eb('target_id', '=', objectId)]))
      : q.where('scope', '=', 'tenant');
    const rows = await q.execute();
    return rows
      .map((row) => toSubscription(this.database.dialect, row))
      .filter((sub) => sub.events.includes(event) && (sub.scope === 'tenant' || sub.targetId === objectId));
  }

  /** One-object webhooks with no delivery yet, oldest first: what a recovery sweep checks at start-up. */
  async undeliveredTargets(limit: number): Promise<WebhookSubscription[]> {
    const rows = await this.db
      .selectFrom('webhook_subscriptions as s')
      .selectAll('s')
      .where('s.scope', '<>', 'tenant')
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('webhook_deliveries as d').select('d.id').whereRef('d.subscription_id', '=', 's.id'))),
      )
      .orderBy('s.created_at')
      .limit(limit)
      .execute();
    return rows.map((row) => toSubscription(this.database.dialect, row));
  }

  async delete(tenant: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('webhook_subscriptions')
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  /** One-object webhooks older than the cutoff (their object is long finished). */
  async deleteTargetsBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_subscriptions')
      .where('scope', '<>', 'tenant')
      .where('created_at', '<', toDbTimestamp(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
