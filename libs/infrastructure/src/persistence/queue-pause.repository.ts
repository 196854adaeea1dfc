import { Injectable } from '@nestjs/common';
import type { QueueScope } from '../core/queues/managed-queue';
import type { QueuePauseState } from '../core/queues/queue-pause-state';
import { toDbTimestamp } from './column-values';
import type { InfrastructureTables } from './tables';
import { TablesRepository } from './tables-repository';

/** The row key of a whole-queue pause; tenant names cannot start with `*` (IDENTIFIER_PATTERN). */
const WHOLE_QUEUE_KEY = '*';

const keyOf = (scope: QueueScope): string => (scope.kind === 'queue' ? WHOLE_QUEUE_KEY : scope.tenant);

/**
 * The stored pauses of every managed queue, the truth every replica reads: a pause outlives a
 * restart and holds on every replica. One row per paused scope; resuming deletes it.
 */
@Injectable()
export class QueuePauseRepository extends TablesRepository<InfrastructureTables> {
  async state(queue: string): Promise<QueuePauseState> {
    const rows = await this.db.selectFrom('queue_pauses').select('tenant').where('queue', '=', queue).execute();
    const tenants = new Set(rows.map((r) => r.tenant).filter((t) => t !== WHOLE_QUEUE_KEY));
    return { queue: rows.some((r) => r.tenant === WHOLE_QUEUE_KEY), tenants };
  }

  /** Whether work of `tenant` is held: its own pause or the whole queue's (one indexed read). */
  async holds(queue: string, tenant: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('queue_pauses')
      .select('tenant')
      .where('queue', '=', queue)
      .where('tenant', 'in', [WHOLE_QUEUE_KEY, tenant])
      .limit(1)
      .executeTakeFirst();
    return row !== undefined;
  }

  async pause(queue: string, scope: QueueScope, at: Date): Promise<void> {
    await this.db
      .insertInto('queue_pauses')
      .values({ queue, tenant: keyOf(scope), paused_at: toDbTimestamp(at) })
      .onConflict((oc) => oc.columns(['queue', 'tenant']).doNothing())
      .execute();
  }

  async resume(queue: string, scope: QueueScope): Promise<void> {
    await this.db.deleteFrom('queue_pauses').where('queue', '=', queue).where('tenant', '=', keyOf(scope)).execute();
  }
}
