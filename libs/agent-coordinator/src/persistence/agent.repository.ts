import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import {
  TablesRepository,
  fromDbInteger,
  paginate,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
  type Page,
} from '@app/infrastructure';
import type { BreakerSnapshot } from '../health/agent-breaker';
import type { AgentCoordinatorTables } from './tables';
import { toAgent } from './row-mapping';
import { AgentKind, AgentRecord, BUILTIN_TENANT } from '../agents/agent.types';

/** An agent to insert: its identity and settings as stored, with its first heartbeat and the time of registering. */
export interface NewAgent extends Pick<
  AgentRecord,
  'id' | 'tenant' | 'name' | 'kind' | 'capabilities' | 'model' | 'maxConcurrency' | 'metadata'
> {
  heartbeatAt: Date | null;
  now: Date;
}

export interface HealthSnapshot {
  successEwma: number;
  latencyEwmaMs: number | null;
  consecutiveFailures: number;
  /** The last outcome; with `outcomes`, the counts of every outcome this write records instead. */
  ok: boolean;
  outcomes?: { handled: number; failed: number };
  at: Date;
  breaker: BreakerSnapshot;
  /** A sign of life of the agent at the same time (an external agent's ack), written with the outcome. */
  heartbeatAt?: Date;
}

@Injectable()
export class AgentRepository extends TablesRepository<AgentCoordinatorTables> {
  async insert(agent: NewAgent): Promise<AgentRecord> {
    await this.db
      .insertInto('agents')
      .values({
        id: agent.id,
        tenant: agent.tenant,
        name: agent.name,
        kind: agent.kind,
        capabilities: toDbJson(agent.capabilities) as string,
        model: agent.model,
        max_concurrency: agent.maxConcurrency,
        metadata: toDbJson(agent.metadata),
        paused: toDbBoolean(this.database.dialect, false),
        last_heartbeat_at: agent.heartbeatAt ? toDbTimestamp(agent.heartbeatAt) : null,
        success_ewma: 1,
        latency_ewma_ms: null,
        consecutive_failures: 0,
        handled: 0,
        failed: 0,
        last_outcome_at: null,
        created_at: toDbTimestamp(agent.now),
        updated_at: toDbTimestamp(agent.now),
        deregistered_at: null,
      })
      .execute();
    return (await this.findById(agent.id)) as AgentRecord;
  }

  async findById(id: string): Promise<AgentRecord | null> {
    const row = await this.db.selectFrom('agents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toAgent(this.database.dialect, row) : null;
  }

  /** An agent the tenant may see: its own or a built-in one. */
  async findVisible(tenant: string, id: string): Promise<AgentRecord | null> {
    const row = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('id', '=', id)
      .where('tenant', 'in', [tenant, BUILTIN_TENANT])
      .executeTakeFirst();
    return row ? toAgent(this.database.dialect, row) : null;
  }

  /** Live (not deregistered) agents with this name the tenant sees; names are unique among them. */
  async findLiveByName(tenant: string, name: string): Promise<AgentRecord | null> {
    const row = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('tenant', 'in', [tenant, BUILTIN_TENANT])
      .where('name', '=', name)
      .where('deregistered_at', 'is', null)
      .executeTakeFirst();
    return row ? toAgent(this.database.dialect, row) : null;
  }

  async countLive(tenant: string): Promise<number> {
    const row = await this.db
      .selectFrom('agents')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('tenant', '=', tenant)
      .where('deregistered_at', 'is', null)
      .executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  /**
   * Every live agent the tenant sees, for routing and filtered lists. Bounded by AGENTS_MAX per
   * tenant plus the built-in agents, so reading them whole is fine.
   */
  async listLive(tenant: string): Promise<AgentRecord[]> {
    const rows = await this.db
      .selectFrom('agents')
      .selectAll()
      .where('tenant', 'in', [tenant, BUILTIN_TENANT])
      .where('deregistered_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((row) => toAgent(this.database.dialect, row));
  }

  async listBuiltin(): Promise<AgentRecord[]> {
    const rows = await this.db.selectFrom('agents').selectAll().where('tenant', '=', BUILTIN_TENANT).execute();
    return rows.map((row) => toAgent(this.database.dialect, row));
  }

  /** External agents of every tenant that are live, for the heartbeat sweep. */
  async listLiveExternal(): Promise<AgentRecord[]> {
    const rows = await this.live().where('kind', '=', 'external').execute();
    return rows.map((row) => toAgent(this.database.dialect, row));
  }

  async page(query: {
    tenant: string;
    kind?: AgentKind;
    name?: string;
    includeDeregistered: boolean;
    limit?: number;
    cursor?: string | null;
  }): Promise<Page<AgentRecord>> {
    let q = this.db.selectFrom('agents').selectAll().where('tenant', 'in', [query.tenant, BUILTIN_TENANT]);
    if (!query.includeDeregistered) q = q.where('deregistered_at', 'is', null);
    if (query.kind) q = q.where('kind', '=', query.kind);
    if (query.name) q = q.where('name', '=', query.name);
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'created_at', direction: 'asc' },
    });
    return { items: page.items.map((row) => toAgent(this.database.dialect, row)), nextCursor: page.nextCursor };
  }

  async update(
    id: string,
    changes: {
      name?: string;
      capabilities?: string[];
      maxConcurrency?: number;
      metadata?: Record<string, unknown>;
      model?: string | null;
    },
    now: Date,
  ): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.capabilities !== undefined ? { capabilities: toDbJson(changes.capabilities) as string } : {}),
        ...(changes.maxConcurrency !== undefined ? { max_concurrency: changes.maxConcurrency } : {}),
        ...(changes.metadata !== undefined ? { metadata: toDbJson(changes.metadata) } : {}),
        ...(changes.model !== undefined ? { model: changes.model } : {}),
        updated_at: toDbTimestamp(now),
      })
      .where('id', '=', id)
      .execute();
  }

  async setPaused(id: string, paused: boolean, now: Date): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({ paused: toDbBoolean(this.database.dialect, paused), updated_at: toDbTimestamp(now) })
      .where('id', '=', id)
      .execute();
  }

  async heartbeat(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({ last_heartbeat_at: toDbTimestamp(now) })
      .where('id', '=', id)
      .execute();
  }

  async deregister(id: string, now: Date): Promise<void> {
    await this.db
      .updateTable('agents')
      .set({ deregistered_at: toDbTimestamp(now), updated_at: toDbTimestamp(now) })
      .where('id', '=', id)
      .where('deregistered_at', 'is', null)
      .execute();
  }

  /** Live agents whose circuit was open when last stored: rebuilt at start. */
  async listOpenBreakers(): Promise<AgentRecord[]> {
    const rows = await this.live().where('breaker_state', '=', 'open').execute();
    return rows.map((row) => toAgent(this.database.dialect, row));
  }

  /**
   * Writes the health averages and the breaker after one outcome (or several, `outcomes`) and
   * bumps the counters, in one statement; with `heartbeatAt`, the heartbeat too.
   */
  async recordOutcome(id: string, snapshot: HealthSnapshot): Promise<void> {
    const { handled, failed } = snapshot.outcomes ?? { handled: 1, failed: snapshot.ok ? 0 : 1 };
    await this.db
      .updateTable('agents')
      .set({
        success_ewma: snapshot.successEwma,
        latency_ewma_ms: snapshot.latencyEwmaMs,
        consecutive_failures: snapshot.consecutiveFailures,
        handled: sql<number>`handled + ${handled}`,
        failed: sql<number>`failed + ${failed}`,
        ...(snapshot.heartbeatAt ? { last_heartbeat_at: toDbTimestamp(snapshot.heartbeatAt) } : {}),
        last_outcome_at: toDbTimestamp(snapshot.at),
        breaker_state: snapshot.breaker.state,
        breaker_opened_at: snapshot.breaker.openedAt === null ? null : toDbTimestamp(snapshot.breaker.openedAt),
        breaker_failures: snapshot.breaker.failures,
        breaker_attempt: snapshot.breaker.attempt,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Every tenant's agents that are not deregistered. */
  private live() {
    return this.db.selectFrom('agents').selectAll().where('deregistered_at', 'is', null);
  }
}
