import { Injectable } from '@nestjs/common';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { RiskApproval, RiskApprovalStatus } from '../risk/risk-approval.types';
import { toRiskApproval } from './row-mapping';
import type { LanggraphDb, LanggraphTables } from './tables';

/** How many expired requests one sweep reads at most. */
const EXPIRY_BATCH = 100;

/** Identifies one gate's request: the run, the node key and the visit (a cycle may ask again). */
export interface ApprovalKey {
  runId: string;
  nodeKey: string;
  visit: number;
}

/**
 * The approval requests of risk gates, keyed by run, node key and visit. The expiry sweep works
 * across tenants (each request names its tenant, and its run is settled through it).
 */
@Injectable()
export class RiskApprovalRepository extends TablesRepository<LanggraphTables> {
  async find(key: ApprovalKey, db: LanggraphDb = this.db): Promise<RiskApproval | undefined> {
    const row = await db
      .selectFrom('langgraph_risk_approvals')
      .selectAll()
      .where('run_id', '=', key.runId)
      .where('node_key', '=', key.nodeKey)
      .where('visit', '=', key.visit)
      .executeTakeFirst();
    return row ? toRiskApproval(this.database.dialect, row) : undefined;
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
        breaches: toDbJson(approval.breaches),
        prices: toDbJson(approval.prices),
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
  async decide(
    key: ApprovalKey,
    status: RiskApprovalStatus,
    by: string | null,
    at: Date,
    reason: string | null,
    db: LanggraphDb = this.db,
  ): Promise<boolean> {
    const result = await db
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
  async pendingExpiredBefore(now: Date, limit = EXPIRY_BATCH, db: LanggraphDb = this.db): Promise<RiskApproval[]> {
    const rows = await db
      .selectFrom('langgraph_risk_approvals')
      .selectAll()
      .where('status', '=', 'pending')
      .where('expires_at', '<', toDbTimestamp(now))
      .orderBy('expires_at')
      .limit(limit)
      .execute();
    return rows.map((row) => toRiskApproval(this.database.dialect, row));
  }
}
