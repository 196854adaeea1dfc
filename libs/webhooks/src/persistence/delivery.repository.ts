import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { paginate, toDbJson, toDbTimestamp, type Page, TablesRepository } from '@app/infrastructure';
import type { DeliveryAttempt, DeliveryListQuery, WebhookDelivery } from '../webhook.types';
import { toDelivery } from './row-mapping';
import type { WebhooksDb, WebhooksTables } from './tables';

/** Attempts the delivery log keeps per row (the newest). */
export const DELIVERY_LOG_MAX = 20;

/** A new outbox row. */
export interface NewDelivery {
  id: string;
  tenant: string;
  subscriptionId: string;
  event: string;
  objectId: string | null;
  dedupeKey: string;
  url: string;
  body: string;
  at: Date;
}

/** What one attempt left: delivered, to be retried at `nextAttemptAt`, or failed for good. */
export type AttemptOutcome =
  | { status: 'succeeded'; attempt: DeliveryAttempt }
  | { status: 'pending'; attempt: DeliveryAttempt; nextAttemptAt: Date }
  | { status: 'failed'; attempt: DeliveryAttempt };

/**
 * The delivery outbox. Rows are claimed atomically: one UPDATE … WHERE id IN (due rows) RETURNING,
 * with FOR UPDATE SKIP LOCKED on PostgreSQL, so replicas polling at once never take the same row;
 * a claim is a lease (`locked_until`), so a row whose deliverer died is claimed again after it.
 */
@Injectable()
export class DeliveryRepository extends TablesRepository<WebhooksTables> {
  /** Adds the row unless its dedupe key is there already; true when added. */
  async insertIfAbsent(row: NewDelivery): Promise<boolean> {
    const result = await this.db
      .insertInto('webhook_deliveries')
      .values({
        id: row.id,
        tenant: row.tenant,
        subscription_id: row.subscriptionId,
        event: row.event as never,
        object_id: row.objectId,
        dedupe_key: row.dedupeKey,
        url: row.url,
        body: row.body,
        status: 'pending',
        attempts: 0,
        next_attempt_at: toDbTimestamp(row.at),
        locked_until: null,
        last_status_code: null,
        last_error: null,
        log: toDbJson([]) as string,
        created_at: toDbTimestamp(row.at),
        delivered_at: null,
      })
      .onConflict((oc) => oc.column('dedupe_key').doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Takes up to `limit` due rows (pending and due, or delivering with an expired lease) until `leaseUntil`. */
  async claim(now: Date, leaseUntil: Date, limit: number): Promise<WebhookDelivery[]> {
    const at = toDbTimestamp(now);
    const due = (db: WebhooksDb) =>
      db
        .selectFrom('webhook_deliveries')
        .select('id')
        .where((eb) =>
          eb.or([
            eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', at)]),
            eb.and([eb('status', '=', 'delivering'), eb('locked_until', '<=', at)]),
          ]),
        )
        .orderBy('next_attempt_at')
        .limit(limit);
    const ids = this.database.dialect === 'postgres' ? due(this.db).forUpdate().skipLocked() : due(this.db);
    const rows = await this.db
      .updateTable('webhook_deliveries')
      .set({ status: 'delivering', locked_until: toDbTimestamp(leaseUntil), attempts: sql<number>`attempts + 1` })
      .where('id', 'in', ids)
      // Checked again on the row itself: under READ COMMITTED another replica may have just claimed it.
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'pending'), eb('next_attempt_at', '<=', at)]),
          eb.and([eb('status', '=', 'delivering'), eb('locked_until', '<=', at)]),
        ]),
      )
      .returningAll()
      .execute();
    return rows.map((row) => toDelivery(this.database.dialect, row));
  }

  /** Records an attempt of a row this process claimed (still under its lease). */
  async recordAttempt(delivery: WebhookDelivery, outcome: AttemptOutcome): Promise<void> {
    const log = [...delivery.log, outcome.attempt].slice(-DELIVERY_LOG_MAX);
    await this.db
      .updateTable('webhook_deliveries')
      .set({
        status: outcome.status,
        locked_until: null,
        last_status_code: outcome.attempt.statusCode,
        last_error: outcome.attempt.error,
        log: toDbJson(log) as string,
        ...(outcome.status === 'pending' ? { next_attempt_at: toDbTimestamp(outcome.nextAttemptAt) } : {}),
        ...(outcome.status === 'succeeded' ? { delivered_at: outcome.attempt.at } : {}),
      })
      .where('id', '=', delivery.id)
      .where('status', '=', 'delivering')
      .where('attempts', '=', delivery.attempts)
      .execute();
  }

  async find(tenant: string, id: string): Promise<WebhookDelivery | undefined> {
    const row = await this.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('id', '=', id)
      .executeTakeFirst();
    return row ? toDelivery(this.database.dialect, row) : undefined;
  }

  async list(query: DeliveryListQuery): Promise<Page<WebhookDelivery>> {
    let q = this.db.selectFrom('webhook_deliveries').selectAll().where('tenant', '=', query.tenant);
    if (query.subscriptionId !== undefined) q = q.where('subscription_id', '=', query.subscriptionId);
    if (query.status !== undefined) q = q.where('status', '=', query.status);
    if (query.event !== undefined) q = q.where('event', '=', query.event);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: page.items.map((row) => toDelivery(this.database.dialect, row)), nextCursor: page.nextCursor };
  }

  /** Finished rows (delivered or failed) created before the cutoff: retention. */
  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('webhook_deliveries')
      .where('status', 'in', ['succeeded', 'failed'])
      .where('created_at', '<', toDbTimestamp(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
