import { Injectable } from '@nestjs/common';
import { Database, fromDbInteger, toDbTimestamp } from '@app/infrastructure';
import type { DeadReason } from '../messages/message.types';
import { MessageRepository } from './message.repository';
import type { AgentCoordinatorDb, AgentCoordinatorTables } from './tables';

/** A lease that ran out: its message went back to the queue, or to the dead letters. */
export interface ExpiredLease {
  id: string;
  agentId: string;
  deliveries: number;
  leasedAt: Date;
  dead: boolean;
}

/**
 * The mailbox housekeeping statements over many messages at once: lease and TTL expiry (the
 * sweep), dead-lettering a whole mailbox (deregistration, drain), releasing a stopped process's
 * leases, retention. Each message still moves by MessageRepository's compare-and-set, so a
 * message an agent settled meanwhile is left as it is.
 */
@Injectable()
export class MessageSweepRepository {
  constructor(
    private readonly database: Database,
    private readonly messages: MessageRepository,
  ) {}

  private get db(): AgentCoordinatorDb {
    return this.database.tables<AgentCoordinatorTables>();
  }

  /** Leases that ran out: redelivered (queued) or, at maxDeliveries, dead-lettered. */
  async expireLeases(now: Date, limit = 500): Promise<ExpiredLease[]> {
    const rows = await this.db
      .selectFrom('agent_messages')
      .select(['id', 'agent_id', 'deliveries', 'max_deliveries', 'lease_id', 'leased_at'])
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
          id: row.id,
          agentId: row.agent_id,
          deliveries,
          leasedAt: new Date(row.leased_at as string | Date),
          dead,
        });
    }
    return out;
  }

  /** Waiting messages past their TTL go to the dead letters; returns their ids and agents. */
  async expireTtl(now: Date, limit = 500): Promise<{ id: string; agentId: string }[]> {
    const rows = await this.db
      .selectFrom('agent_messages')
      .select(['id', 'agent_id'])
      .where('status', '=', 'queued')
      .where('expires_at', '<=', toDbTimestamp(now))
      .limit(limit)
      .execute();
    const out: { id: string; agentId: string }[] = [];
    for (const row of rows) {
      if (
        await this.messages.killQueued(
          row.id,
          'expired',
          { code: 'EXPIRED', message: 'The message outlived its ttlMs before it was acked' },
          now,
        )
      )
        out.push({ id: row.id, agentId: row.agent_id });
    }
    return out;
  }

  /** Every waiting message of an agent, of a tenant, or of all, to the dead letters (deregistration, drain). */
  async killAllQueued(
    filter: { agentId?: string; tenant?: string },
    reason: DeadReason,
    now: Date,
  ): Promise<{ id: string; agentId: string }[]> {
    let q = this.db.selectFrom('agent_messages').select(['id', 'agent_id']).where('status', '=', 'queued');
    if (filter.agentId) q = q.where('agent_id', '=', filter.agentId);
    if (filter.tenant) q = q.where('tenant', '=', filter.tenant);
    const rows = await q.execute();
    const out: { id: string; agentId: string }[] = [];
    for (const row of rows) {
      if (
        await this.messages.killQueued(
          row.id,
          reason,
          { code: reason.toUpperCase(), message: `Removed from the mailbox: ${reason.replace('_', ' ')}` },
          now,
        )
      )
        out.push({ id: row.id, agentId: row.agent_id });
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
