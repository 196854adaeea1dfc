import type { Insertable, Selectable } from 'kysely';
import type { AuditLogEntry } from '../audit/audit-log.types';
import type { DatabaseDialect } from './database-options';
import {
  fromDbInteger,
  fromDbIntegerOrNull,
  fromDbJson,
  fromDbTimestamp,
  toDbJson,
  toDbTimestamp,
} from './column-values';
import type { AuditLogRow } from './tables';

/** A stored row as an entry; rows outside the chain (no seq or hash) read as seq 0 / empty hashes. */
export function toAuditEntry(dialect: DatabaseDialect, row: Selectable<AuditLogRow>): AuditLogEntry {
  return {
    id: row.id,
    seq: row.seq === null ? 0 : fromDbInteger(row.seq),
    at: fromDbTimestamp(row.at),
    principalId: row.principal_id,
    tenant: row.tenant,
    action: row.action,
    target: row.target,
    status: fromDbIntegerOrNull(row.status),
    outcome: row.outcome,
    requestId: row.request_id,
    sourceIp: row.source_ip,
    details: fromDbJson<Record<string, unknown>>(dialect, row.details),
    prevHash: row.prev_hash ?? '',
    hash: row.hash ?? '',
  };
}

/** A linked entry as the row that stores it. */
export function toAuditRow(entry: AuditLogEntry): Insertable<AuditLogRow> {
  return {
    id: entry.id,
    seq: entry.seq,
    at: toDbTimestamp(entry.at),
    principal_id: entry.principalId,
    tenant: entry.tenant,
    action: entry.action,
    target: entry.target,
    status: entry.status,
    outcome: entry.outcome,
    details: toDbJson(entry.details),
    request_id: entry.requestId,
    source_ip: entry.sourceIp,
    prev_hash: entry.prevHash,
    hash: entry.hash,
  };
}
