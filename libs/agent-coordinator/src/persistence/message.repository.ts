import { Injectable } from '@nestjs/common';
import { Insertable, Kysely, Updateable, sql } from 'kysely';
import { Page, fromDbInteger, newId, paginate, toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import { PRIORITIES, Priority } from '@app/handit';
import type { AgentCoordinatorTables, MessageRow, SelectedMessageRow } from './tables';
import { toMessage } from './row-mapping';
import type { AgentMessage, DeadLetterQuery, DeadReason, MessageError } from '../messages/message.types';

/** A message to enqueue: the fields a sender sets; delivery state starts empty. */
export type NewMessage = Pick<
  AgentMessage,
  | 'tenant'
  | 'agentId'
  | 'from'
  | 'broadcastId'
  | 'correlationId'
  | 'type'
  | 'priority'
  | 'payload'
  | 'maxDeliveries'
  | 'ttlMs'
  | 'traceParent'
>;

const RANK: Record<Priority, number> = Object.fromEntries(PRIORITIES.map((p, i) => [p, i])) as Record<Priority, number>;
/** Rows per INSERT statement of a send (a broadcast has up to AGENTS max broadcast targets). */
const INSERT_CHUNK = 100;
const EXPIRED: MessageError = { code: 'EXPIRED', message: 'The message outlived its ttlMs before it was acked' };
/** Columns of list views: everything but the payload, which can be megabytes. */
const SUMMARY_COLUMNS = [
  'id',
  'tenant',
  'agent_id',
  'from_agent',
  'broadcast_id',
  'correlation_id',
  'type',
  'priority',
  'priority_rank',
  'status',
  'deliveries',
  'max_deliveries',
  'lease_id',
  'leased_at',
  'lease_expires_at',
  'available_at',
  'ttl_ms',
  'expires_at',
  'reply',
  'error',
  'dead_reason',
  'trace_parent',
  'created_at',
  'finished_at',
] as const;

@Injectable()
export class MessageRepository extends TablesRepository<AgentCoordinatorTables> {
  private map(row: SelectedMessageRow): AgentMessage {
    return toMessage(this.database.dialect, row);
  }

  /** All rows of one send in one transaction: a broadcast is delivered to every target or none. */
  async insertMany(messages: NewMessage[], now: Date): Promise<AgentMessage[]> {
    const rows = messages.map(
      (m) =>
        ({
          id: newId(),
          tenant: m.tenant,
          agent_id: m.agentId,
          from_agent: m.from,
          broadcast_id: m.broadcastId,
          correlation_id: m.correlationId,
          type: m.type,
          priority: m.priority,
          priority_rank: RANK[m.priority],
          payload: toDbJson(m.payload),
          status: 'queued',
          deliveries: 0,
          max_deliveries: m.maxDeliveries,
          lease_id: null,
          leased_at: null,
          lease_expires_at: null,
          available_at: toDbTimestamp(now),
          ttl_ms: m.ttlMs,
          expires_at: toDbTimestamp(now.getTime() + m.ttlMs),
          reply: null,
          error: null,
          dead_reason: null,
          created_at: toDbTimestamp(now),
          finished_at: null,
          trace_parent: m.traceParent,
        }) satisfies Insertable<MessageRow>,
    );
    // One statement is atomic on its own; a send of more than one is committed together.
    if (rows.length <= INSERT_CHUNK) await this.db.insertInto('agent_messages').values(rows).execute();
    else
      await this.db.transaction().execute(async (trx) => {
        for (let i = 0; i < rows.length; i += INSERT_CHUNK)
          await trx
            .insertInto('agent_messages')
            .values(rows.slice(i, i + INSERT_CHUNK))
            .execute();
      });
    return rows.map((row) => this.map(row));
  }

  async findById(id: string): Promise<AgentMessage | null> {
    const row = await this.db.selectFrom('agent_messages').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? this.map(row) : null;
  }

  async findForTenant(tenant: string, id: string): Promise<AgentMessage | null> {
    const row = await this.db
      .selectFrom('agent_messages')
      .selectAll()
      .where('id', '=', id)
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return row ? this.map(row) : null;
  }

  /** Waiting or leased messages per agent: the load routing balances on. */
  async depths(agentIds: string[]): Promise<Map<string, { queued: number; leased: number }>> {
    const out = new Map<string, { queued: number; leased: number }>();
    if (!agentIds.length) return out;
    const rows = await this.db
      .selectFrom('agent_messages')
      .select(['agent_id', 'status', (eb) => eb.fn.countAll().as('n')])
      .where('agent_id', 'in', agentIds)
      .where('status', 'in', ['queued', 'leased'])
      .groupBy(['agent_id', 'status'])
      .execute();
    for (const row of rows) {
      const entry = out.get(row.agent_id) ?? { queued: 0, leased: 0 };
      entry[row.status as 'queued' | 'leased'] = fromDbInteger(row.n);
      out.set(row.agent_id, entry);
    }
    return out;
  }

  /**
   * Claims up to `max` messages of one agent, best priority first then oldest: each is leased
   * with a fresh lease id of its own by a conditional update (still queued), so two pollers never
   * get the same delivery; the batch's updates are one statement that returns the rows it leased.
   * Messages past their TTL found on the way are dead-lettered instead; messages of
   * `excludeTenants` (their tenant's mailbox work is paused) wait. One transaction: the claims
   * of a batch are committed together.
   */
  async claim(
    agentId: string,
    max: number,
    leaseMs: number,
    now: Date,
    excludeTenants: readonly string[] = [],
  ): Promise<{ claimed: AgentMessage[]; expired: string[] }> {
    const nowText = toDbTimestamp(now);
    let q = this.db
      .selectFrom('agent_messages')
      .select(['id', 'expires_at'])
      .where('agent_id', '=', agentId)
      .where('status', '=', 'queued')
      .where('available_at', '<=', nowText);
    if (excludeTenants.length) q = q.where('tenant', 'not in', excludeTenants);
    const candidates = await q
      .orderBy('priority_rank')
      .orderBy('id')
      .limit(max + 10)
      .execute();
    const claimed: AgentMessage[] = [];
    const expired: string[] = [];
    if (!candidates.length) return { claimed, expired };
    const leaseExpiresAt = toDbTimestamp(now.getTime() + leaseMs);
    await this.db.transaction().execute(async (trx) => {
      // The candidates still needed are leased in one statement, each under a lease id of its own
      // and only if still queued; those another poller took meanwhile are made up from the next.
      let next = 0;
      while (claimed.length < max && next < candidates.length) {
        const take: string[] = [];
        while (take.length < max - claimed.length && next < candidates.length) {
          const candidate = candidates[next++];
          if (new Date(candidate.expires_at as string | Date).getTime() <= now.getTime()) {
            if (await this.killQueued(candidate.id, 'expired', EXPIRED, now, trx)) expired.push(candidate.id);
          } else take.push(candidate.id);
        }
        if (!take.length) break;
        const leases = take.map((id) => sql`when ${id} then ${newId()}`);
        const rows = await trx
          .updateTable('agent_messages')
          .set({
            status: 'leased',
            lease_id: sql<string>`case id ${sql.join(leases, sql` `)} end`,
            leased_at: nowText,
            lease_expires_at: leaseExpiresAt,
            deliveries: sql<number>`deliveries + 1`,
          })
          .where('id', 'in', take)
          .where('status', '=', 'queued')
          .returningAll()
          .execute();
        const order = new Map(take.map((id, i) => [id, i]));
        claimed.push(...rows.sort((a, b) => order.get(a.id)! - order.get(b.id)!).map((row) => this.map(row)));
      }
    });
    return { claimed, expired };
  }

  /** The agent's deliveries still under lease at `now`, oldest claim first (at most `limit`). */
  async leased(agentId: string, now: Date, limit: number): Promise<AgentMessage[]> {
    const rows = await this.db
      .selectFrom('agent_messages')
      .selectAll()
      .where('agent_id', '=', agentId)
      .where('status', '=', 'leased')
      .where('lease_expires_at', '>', toDbTimestamp(now))
      .orderBy('leased_at')
      .orderBy('priority_rank')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((row) => this.map(row));
  }

  async ack(id: string, leaseId: string, reply: unknown, now: Date): Promise<boolean> {
    const result = await this.db
      .updateTable('agent_messages')
      .set({ status: 'acked', reply: toDbJson(reply), lease_expires_at: null, finished_at: toDbTimestamp(now) })
      .where('id', '=', id)
      .where('status', '=', 'leased')
      .where('lease_id', '=', leaseId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /**
   * Acks deliveries of one agent, each under its lease, in one statement. Returns the messages
   * acked (without payloads); a delivery that is not the agent's, or no longer leased under that
   * lease, is left as it is and missing from the result.
   */
  async ackMany(
    agentId: string,
    acks: ReadonlyArray<{ id: string; leaseId: string; reply: unknown }>,
    now: Date,
  ): Promise<AgentMessage[]> {
    // One statement rather than one per message: each costs Kysely a query build and compile. Each
    // row takes the reply of the ack that names it with its lease.
    const replies = acks.map(
      (a) => sql`when id = ${a.id} and lease_id = ${a.leaseId} then ${this.jsonValue(toDbJson(a.reply))}`,
    );
    const rows = await this.db
      .updateTable('agent_messages')
      .set({
        status: 'acked',
        reply: sql<string>`case ${sql.join(replies, sql` `)} end`,
        lease_expires_at: null,
        finished_at: toDbTimestamp(now),
      })
      .where('agent_id', '=', agentId)
      .where('status', '=', 'leased')
      .where(sql<boolean>`(id, lease_id) in (values ${sql.join(acks.map((a) => sql`(${a.id}, ${a.leaseId})`))})`)
      .returning([...SUMMARY_COLUMNS])
      .execute();
    const order = new Map(acks.map((a, i) => [a.id, i]));
    return rows.map((row) => this.map(row)).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  }

  /** A JSON text as a statement value: PostgreSQL's `jsonb` column needs the type said where the value sits in an expression. */
  private jsonValue(text: string | null) {
    return this.database.dialect === 'postgres' ? sql`cast(${text} as jsonb)` : sql`${text}`;
  }

  /**
   * Moves the lease of a delivery its holder still has to `now + leaseMs` (SQS
   * ChangeMessageVisibility, BullMQ extendLock): a compare-and-set on the lease id and on the
   * lease not having run out yet, so a lease that expired (even before the sweep saw it), was
   * redelivered or was settled stays as it is. Returns the new expiry, or null when nothing changed.
   */
  async extendLease(id: string, leaseId: string, leaseMs: number, now: Date): Promise<Date | null> {
    const expiresAt = new Date(now.getTime() + leaseMs);
    const result = await this.db
      .updateTable('agent_messages')
      .set({ lease_expires_at: toDbTimestamp(expiresAt) })
      .where('id', '=', id)
      .where('status', '=', 'leased')
      .where('lease_id', '=', leaseId)
      .where('lease_expires_at', '>', toDbTimestamp(now))
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1 ? expiresAt : null;
  }

  /**
   * Back to the queue after `delayMs`, or to the dead letters when `dead` is given. With
   * `expiredOnly` (the lease sweep) only while the lease is still past its expiry: a lease
   * extended since the sweep read it is left alone.
   */
  async release(
    id: string,
    leaseId: string,
    outcome: { error: MessageError | null; dead: DeadReason | null; delayMs: number },
    now: Date,
    options: { expiredOnly?: boolean } = {},
  ): Promise<boolean> {
    const set: Updateable<MessageRow> = outcome.dead
      ? {
          status: 'dead',
          dead_reason: outcome.dead,
          error: toDbJson(outcome.error),
          lease_expires_at: null,
          finished_at: toDbTimestamp(now),
        }
      : {
          status: 'queued',
          error: toDbJson(outcome.error),
          lease_id: null,
          lease_expires_at: null,
          available_at: toDbTimestamp(now.getTime() + outcome.delayMs),
        };
    let q = this.db
      .updateTable('agent_messages')
      .set(set)
      .where('id', '=', id)
      .where('status', '=', 'leased')
      .where('lease_id', '=', leaseId);
    if (options.expiredOnly) q = q.where('lease_expires_at', '<=', toDbTimestamp(now));
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Dead-letters a message that is still waiting (TTL, cancellation, drain); false if it moved on. */
  async killQueued(
    id: string,
    reason: DeadReason,
    error: MessageError,
    now: Date,
    db: Kysely<AgentCoordinatorTables> = this.db,
  ): Promise<boolean> {
    const result = await db
      .updateTable('agent_messages')
      .set({ status: 'dead', dead_reason: reason, error: toDbJson(error), finished_at: toDbTimestamp(now) })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async listDead(query: DeadLetterQuery): Promise<Page<AgentMessage>> {
    let q = this.db
      .selectFrom('agent_messages')
      .select([...SUMMARY_COLUMNS])
      .where('tenant', '=', query.tenant)
      .where('status', '=', 'dead');
    if (query.agentId) q = q.where('agent_id', '=', query.agentId);
    if (query.reason) q = q.where('dead_reason', '=', query.reason);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'desc' },
    });
    return { items: page.items.map((row) => this.map(row)), nextCursor: page.nextCursor };
  }

  /** A dead letter back in its mailbox: deliveries reset, a fresh TTL, available at once. */
  async replay(id: string, now: Date): Promise<boolean> {
    const row = await this.findById(id);
    if (!row || row.status !== 'dead') return false;
    const result = await this.db
      .updateTable('agent_messages')
      .set({
        status: 'queued',
        deliveries: 0,
        lease_id: null,
        lease_expires_at: null,
        dead_reason: null,
        error: null,
        finished_at: null,
        available_at: toDbTimestamp(now),
        expires_at: toDbTimestamp(now.getTime() + row.ttlMs),
      })
      .where('id', '=', id)
      .where('status', '=', 'dead')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  /** Waiting messages per priority and leased ones, of one tenant or (undefined) of all. */
  async depthByPriority(tenant?: string): Promise<{ byPriority: Record<Priority, number>; leased: number }> {
    let q = this.db
      .selectFrom('agent_messages')
      .select(['status', 'priority', (eb) => eb.fn.countAll().as('n')])
      .where('status', 'in', ['queued', 'leased']);
    if (tenant !== undefined) q = q.where('tenant', '=', tenant);
    const rows = await q.groupBy(['status', 'priority']).execute();
    const byPriority = Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>;
    let leased = 0;
    for (const row of rows) {
      if (row.status === 'leased') leased += fromDbInteger(row.n);
      else byPriority[row.priority as Priority] += fromDbInteger(row.n);
    }
    return { byPriority, leased };
  }
}
