import type { ColumnType, Kysely } from 'kysely';
import type { BigintColumn, JsonColumn, NullableBigintColumn, TimestampColumn } from './column-shapes';

/** One entry of the audit log: one link of the hash chain (migrations 0001, 0002 of `infrastructure`). */
export interface AuditLogRow {
  id: string;
  /** Null only for rows that predate the chain and were never linked (none after migration 0002). */
  seq: NullableBigintColumn;
  at: TimestampColumn;
  principal_id: string | null;
  tenant: string | null;
  action: string;
  target: string | null;
  status: ColumnType<number | null, number | null, number | null>;
  outcome: string;
  details: JsonColumn;
  request_id: string | null;
  source_ip: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** One row (id 1): the chain head, locked by every append so appends are serialised. */
export interface AuditChainHeadRow {
  id: number;
  seq: BigintColumn;
  hash: string;
  updated_at: TimestampColumn;
}

/** One stored pause (namespace `queues`): the whole queue (tenant `*`) or one tenant's work in it. */
export interface QueuePauseRow {
  queue: string;
  tenant: string;
  paused_at: TimestampColumn;
}

/** The tables libs/infrastructure owns, in its two migration namespaces `infrastructure` and `queues`. */
export interface InfrastructureTables {
  audit_log: AuditLogRow;
  audit_chain_head: AuditChainHeadRow;
  queue_pauses: QueuePauseRow;
}

/** The database typed to these tables, or a transaction on it. */
export type InfrastructureDb = Kysely<InfrastructureTables>;
