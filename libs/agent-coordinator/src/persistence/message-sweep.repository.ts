import { Injectable } from '@nestjs/common';
import { Database, fromDbInteger, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { MessageRef } from '../messages/message-spans';
import type { DeadReason } from '../messages/message.types';
import { MessageRepository } from './message.repository';
import type { AgentCoordinatorTables } from './tables';

/** A lease that ran out: its message went back to the queue, or to the dead letters. */
export interface ExpiredLease extends MessageRef {
  leasedAt: Date;
  dead: boolean;
}

// What the sweep reads of a message besides its lease: enough to trace what happened to it.
const REF_COLUMNS = [
  'id',
  'tenant',
  'agent_id',
  'type',
  'priority',
  'deliveries',
  'correlation_id',
  'trace_parent',
] as const;

function toRef(row: {
  id: string;
  tenant: string;
  agent_id: string;
  type: string;
  priority: MessageRef['priority'];
  deliveries: unknown;
  correlation_id: string | null;
  trace_parent: string | null;
}): MessageRef {
  return {
    id: row.id,
    tenant: row.tenant,
    agentId: row.agent_id,
    type: row.type,
    priority: row.priority,
    deliveries: fromDbInteger(row.deliveries),
    correlationId: row.correlation_id ?? null,
    traceParent: row.trace_parent ?? null,
  };
}

/**
 * The mailbox housekeeping statements over many messages at once: lease and TTL expiry (the
 * sweep), dead-lettering a whole mailbox (deregistration, drain), releasing a stopped process's
 * leases, retention. Each message still moves by MessageRepository's compare-and-set, so a
 * message an agent settled meanwhile is left as it is.
 */
@Injectable()
export class MessageSweepRepository extends TablesRepository<AgentCoordinatorTables> {
  constructor(
    database: Database,
    private readonly messages: MessageRepository,
  ) {
    super(database);
  }

  /** Leases that ran out: redelivered (queued) or, at maxDeliveries, dead-lettered. */
  async expireLeases(now: Date, limit = 500): Promise<ExpiredLease[]> {
    const rows = await this.db
      .selectFrom('agent_messages')
      .select([...REF_COLUMNS, 'max_deliveries', 'lease_id', 'leased_at'])
      .where('status', '=', 'leased')
      .where('lease_expires_at', '<=', toDbTimestamp(now))
      .limit(limit)
      .execute();
    const out: ExpiredLease[] = [];
    for (const row of rows) {
      const deliveries = fromDbInteger(row.deliveries);
      const dead = deliveries >= fromDbInteger(row.max_deliveries);
      const ok = await this.messages.release(
        row.id,
        row.lease_id as string,
        {
          error: { code: 'LEASE_EXPIRED', message: `Delivery ${deliveries} was not acked before its lease expired` },
          dead: dead ? 'max_deliveries' : null,
          delayMs: 0,
        },
        now,
        { expiredOnly: true },
      );
      if (ok)
        out.push({
          ...toRef(row),
          leasedAt: new Date(row.leased_at as string | Date),
          dead,
        });
    }
    return out;
  }

  /** Waiting messages past their TTL go to the dead letters; returns them. */
  async expireTtl(now: Date, limit = 500): Promise<MessageRef[]> {
    const rows = await this.db
      .selectFrom('agent_messages')
      .select([...REF_COLUMNS])
      .where('status', '=', 'queued')
      .where('expires_at', '<=', toDbTimestamp(now))
      .limit(limit)
      .execute();
    const out: MessageRef[] = [];
    for (const row of rows) {
      if (
        await this.messages.killQueued(
          row.id,
          'expired',
          { code: 'EXPIRED', message: 'The message outlived its ttlMs before it was acked' },
          now,
        )
      )
        out.push(toRef(row));
    }
    return out;
  }

  /** Every waiting message of an agent, of a tenant, or of all, to the dead letters (deregistration, drain). */
  async killAllQueued(
    filter: { agentId?: string; tenant?: string },
    reason: DeadReason,
    now: Date,
  ): Promise<MessageRef[]> {
    let q = this.db
      .selectFrom('agent_messages')
      .select([...REF_COLUMNS])
      .where('status', '=', 'queued');
    if (filter.agentId) q = q.where('agent_id', '=', filter.agentId);
    if (filter.tenant) q = q.where('tenant', '=', filter.tenant);
    const rows = await q.execute();
    const out: MessageRef[] = [];
    for (const row of rows) {
      if (
        await this.messages.killQueued(
          row.id,
          reason,
          { code: reason.toUpperCase(), message: `Removed from the mailbox: ${reason.replace('_', ' ')}` },
          now,
        )
      )
        out.push(toRef(row));
    }
    return out;
  }

  /** Leased built-in deliveries left by a stopped process (embedded mode has one process). */
  async releaseLeasesOf(agentIds: string[], now: Date): Promise<number> {
    if (!agentIds.length) return 0;
    const result = await this.db
      .updateTable('agent_messages')
      .set({ status: 'queued', lease_id: null, lease_expires_at: null, available_at: toDbTimestamp(now) })
      .where('agent_id', 'in', agentIds)
      .where('status', '=', 'leased')
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async deleteFinishedBefore(cutoff: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('agent_messages')
      .where('status', 'in', ['acked', 'dead'])
      .where('finished_at', '<', toDbTimestamp(cutoff))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
