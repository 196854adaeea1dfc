import type { ColumnType, Kysely } from 'kysely';

/** success: answered < 400; denied: 401/403; failure: any other error; aborted: the client left first. */
export type AuditOutcome = 'success' | 'failure' | 'denied' | 'aborted' | (string & {});

/** One entry to append; the audit log assigns its id, sequence number and hashes. */
export interface AuditLogEntryInput {
  /** Defaults to now. */
  at?: Date;
  principalId?: string | null;
  tenant?: string | null;
  /** What was done: method and route template (`POST /api/v1/ai-orchestration/tasks`), or a named action. */
  action: string;
  /** The resource acted on: an id from the path, or the created resource's id. */
  target?: string | null;
  /** HTTP status of the answer, when the action was a request. */
  status?: number | null;
  outcome: AuditOutcome;
  requestId?: string | null;
  sourceIp?: string | null;
  /** Extra facts; JSON-serialisable. Never request bodies or secrets. */
  details?: Record<string, unknown> | null;
}

/** A stored entry: one link of the hash chain. */
export interface AuditLogEntry {
  readonly id: string;
  /** Position in the chain: 1, 2, 3, … with no gaps. */
  readonly seq: number;
  readonly at: Date;
  readonly principalId: string | null;
  readonly tenant: string | null;
  readonly action: string;
  readonly target: string | null;
  readonly status: number | null;
  readonly outcome: string;
  readonly requestId: string | null;
  readonly sourceIp: string | null;
  readonly details: Record<string, unknown> | null;
  /** SHA-256 (hex) of the previous entry; 64 zeros for the first. */
  readonly prevHash: string;
  /** SHA-256 (hex) of this entry's canonical serialisation, which includes prevHash. */
  readonly hash: string;
}

export interface AuditLogQuery {
  tenant?: string;
  action?: string;
  principalId?: string;
  outcome?: string;
  requestId?: string;
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
  limit?: number;
  cursor?: string | null;
}

/** The newest link: what the next entry chains to. */
export interface AuditChainHead {
  readonly seq: number;
  readonly hash: string;
}

type Timestamp = ColumnType<Date | string, string, string>;
type BigInt = ColumnType<number | string, number, number>;
type NullableBigInt = ColumnType<number | string | null, number | null, number | null>;

/** Row shape for Kysely: timestamps come back as Date (PostgreSQL) or ISO text (SQLite). */
export interface AuditLogRow {
  id: string;
  /** Null only for rows that predate the chain and were never linked (none after migration 0002). */
  seq: NullableBigInt;
  at: Timestamp;
  principal_id: string | null;
  tenant: string | null;
  action: string;
  target: string | null;
  status: ColumnType<number | null, number | null, number | null>;
  outcome: string;
  details: ColumnType<unknown, string | null, string | null>;
  request_id: string | null;
  source_ip: string | null;
  prev_hash: string | null;
  hash: string | null;
}

/** One row (id 1): the chain head, locked by every append so appends are serialised. */
export interface AuditChainHeadRow {
  id: number;
  seq: BigInt;
  hash: string;
  updated_at: Timestamp;
}

export interface AuditLogTables {
  audit_log: AuditLogRow;
  audit_chain_head: AuditChainHeadRow;
}

export type AuditLogDb = Kysely<AuditLogTables>;
