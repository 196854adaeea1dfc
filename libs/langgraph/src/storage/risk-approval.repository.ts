import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import {
  Database,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  fromDbTimestampOrNull,
  toDbJson,
  toDbTimestamp,
} from '@app/infrastructure';
import type { RiskApproval, RiskApprovalStatus } from '../risk/risk-approval.types';
import type { Breach } from '../risk/risk.types';
import type { RiskApprovalRow, RiskTables } from './risk-tables';

/** Identifies one gate's request: the run, the node key and the visit (a cycle may ask again). */
export interface ApprovalKey {
  runId: string;
  nodeKey: string;
  visit: number;
}

/** The approval requests of risk gates. */
@Injectable()
export class RiskApprovalRepository {
  constructor(private readonly database: Database) {}

  private get db(): Kysely<RiskTables> {
    return this.database.tables<RiskTables>();
  }

  private toApproval(row: Selectable<RiskApprovalRow>): RiskApproval {
    const dialect = this.database.dialect;
    return {
      runId: row.run_id,
      nodeKey: row.node_key,
      visit: fromDbInteger(row.visit),
      tenant: row.tenant,
      desk: row.desk,
      breaches: fromDbJson<Breach[]>(dialect, row.breaches) ?? [],
      prices: fromDbJson<Record<string, number>>(dialect, row.prices) ?? {},
      priceBand: Number(row.price_band),
      status: row.status as RiskApprovalStatus,
      requestedAt: fromDbTimestamp(row.requested_at),
      expiresAt: fromDbTimestamp(row.expires_at),
      decidedBy: row.decided_by,
      decidedAt: fromDbTimestampOrNull(row.decided_at),
      reason: row.reason,
    };
  }

  async find(key: ApprovalKey): Promise<RiskApproval | undefined> {
    const row = await this.db
      .selectFrom('langgraph_risk_approvals')
      .selectAll()
      .where('run_id', '=', key.runId)
      .where('node_key', '=', key.nodeKey)
      .where('visit', '=', key.visit)
      .executeTakeFirst();
    return row ? this.toApproval(row) : undefined;
  }

  /** Stores a new request; when one exists for the key already (a re-executed gate), returns that one. */
  async insertOrGet(approval: RiskApproval): Promise<RiskApproval> {
    await this.db
      .insertInto('langgraph_risk_approvals')
      .values({
        run_id: approval.runId,
        node_key: approval.nodeKey,
        visit: approval.visit,
        tenant: approval.tenant,
        desk: approval.desk,
        breaches: toDbJson(approval.breaches) as string,
        prices: toDbJson(approval.prices) as string,
        price_band: approval.priceBand,
        status: approval.status,
        requested_at: toDbTimestamp(approval.requestedAt),
        expires_at: toDbTimestamp(approval.expiresAt),
        decided_by: null,
        decided_at: null,
        reason: null,
      })
      .onConflict((oc) => oc.columns(['run_id', 'node_key', 'visit']).doNothing())
      .execute();
    return (await this.find(approval)) as RiskApproval;
  }

  /** Records the outcome of a pending request; false when it was no longer pending. */
  async decide(key: ApprovalKey, status: RiskApprovalStatus, by: string | null, at: Date, reason: string | null) {
    const result = await this.db
      .updateTable('langgraph_risk_approvals')
      .set({ status, decided_by: by, decided_at: toDbTimestamp(at), reason })
      .where('run_id', '=', key.runId)
      .where('node_key', '=', key.nodeKey)
      .where('visit', '=', key.visit)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** Pending requests whose time ran out before `now`, oldest first. */
  async pendingExpiredBefore(now: Date, limit = 100): Promise<RiskApproval[]> {
    const rows = await this.db
      .selectFrom('langgraph_risk_approvals')
      .selectAll()
      .where('status', '=', 'pending')
      .where('expires_at', '<', toDbTimestamp(now))
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((row) => this.toApproval(row));
  }
}
