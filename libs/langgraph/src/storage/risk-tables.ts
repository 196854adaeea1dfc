import type { ColumnType } from 'kysely';

type Timestamp = ColumnType<Date | string, string, string>;
type NullableTimestamp = ColumnType<Date | string | null, string | null, string | null>;
type Json = ColumnType<unknown, string, string>;
type Real = ColumnType<number | string, number, number>;
type Int = ColumnType<number | string, number, number>;

/** One limit of a tenant (desk '') or of one of its desks; symbol '' for every symbol. */
export interface RiskLimitRow {
  id: string;
  tenant: string;
  desk: string;
  metric: string;
  symbol: string;
  max_value: Real;
  created_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** The approval a risk gate asked for: when, valid until, the breaches and the reference prices. */
export interface RiskApprovalRow {
  run_id: string;
  node_key: string;
  visit: Int;
  tenant: string;
  desk: string | null;
  breaches: Json;
  prices: Json;
  price_band: Real;
  status: string;
  requested_at: Timestamp;
  expires_at: Timestamp;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  reason: string | null;
}

/** A kill switch that is on: scope `*` (global) or a tenant. */
export interface HaltRow {
  scope: string;
  reason: string;
  halted_by: string | null;
  halted_at: Timestamp;
}

/** The tables of migration 0003. */
export interface RiskTables {
  langgraph_risk_limits: RiskLimitRow;
  langgraph_risk_approvals: RiskApprovalRow;
  langgraph_halts: HaltRow;
}
