import type { ColumnType } from 'kysely';

/** Conventional outcomes; any short string is accepted so callers can be more specific. */
export type AuditOutcome = 'success' | 'failure' | 'denied' | (string & {});

export interface AuditLogEntryInput {
  /** Defaults to now. */
  at?: Date;
  principalId?: string | null;
  tenant?: string | null;
  /** What was done, e.g. `task.create`, `auth.login`. */
  action: string;
  /** What it was done to, e.g. `task/01J…`. */
  resource?: string | null;
  outcome: AuditOutcome;
  /** Extra facts; must be JSON-serialisable. Never put secrets here. */
  details?: Record<string, unknown> | null;
  requestId?: string | null;
}

export interface AuditLogEntry {
  readonly id: string;
  readonly at: Date;
  readonly principalId: string | null;
  readonly tenant: string | null;
  readonly action: string;
  readonly resource: string | null;
  readonly outcome: string;
  readonly details: Record<string, unknown> | null;
  readonly requestId: string | null;
}

export interface AuditLogQuery {
  tenant?: string;
  action?: string;
  principalId?: string;
  /** Inclusive lower bound on `at`. */
  from?: Date;
  /** Exclusive upper bound on `at`. */
  to?: Date;
  limit?: number;
  cursor?: string | null;
}

/** Row shape for Kysely: timestamps come back as Date (PostgreSQL) or ISO text (SQLite). */
export interface AuditLogRow {
  id: string;
  at: ColumnType<Date | string, string, string>;
  principal_id: string | null;
  tenant: string | null;
  action: string;
  resource: string | null;
  outcome: string;
  details: ColumnType<unknown, string | null, string | null>;
  request_id: string | null;
}

export interface AuditLogTables {
  audit_log: AuditLogRow;
}
