import { Injectable } from '@nestjs/common';
import { Kysely, Selectable } from 'kysely';
import { Database } from '../database';
import { newId } from '../ids';
import { Page, paginate } from '../pagination/paginate';
import { fromDbJson, fromDbTimestamp, toDbJson, toDbTimestamp } from '../row-mappers';
import { AuditLogEntry, AuditLogEntryInput, AuditLogQuery, AuditLogRow, AuditLogTables } from './audit-log.types';

// Bounds that keep one misbehaving caller from filling the table with huge rows.
const MAX_SHORT_TEXT = 200;
const MAX_RESOURCE = 1000;
const MAX_DETAILS_BYTES = 16 * 1024;

function checkText(field: string, value: string | null | undefined, max: number, required: boolean): string | null {
  if (value === undefined || value === null || value === '') {
    if (required) throw new TypeError(`audit log ${field} is required`);
    return null;
  }
  if (typeof value !== 'string' || value.length > max) {
    throw new TypeError(`audit log ${field} must be a string of at most ${max} characters`);
  }
  return value;
}

/** Append-only record of security-relevant actions, listed newest first, pruned by retention. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly database: Database) {}

  private get db(): Kysely<AuditLogTables> {
    return this.database.db as Kysely<AuditLogTables>;
  }

  async record(input: AuditLogEntryInput): Promise<AuditLogEntry> {
    const details = toDbJson(input.details ?? null);
    if (details !== null && Buffer.byteLength(details) > MAX_DETAILS_BYTES) {
      throw new TypeError(`audit log details must serialise to at most ${MAX_DETAILS_BYTES} bytes`);
    }
    const row = {
      id: newId(),
      at: toDbTimestamp(input.at ?? new Date()),
      principal_id: checkText('principalId', input.principalId, MAX_SHORT_TEXT, false),
      tenant: checkText('tenant', input.tenant, MAX_SHORT_TEXT, false),
      action: checkText('action', input.action, MAX_SHORT_TEXT, true) as string,
      resource: checkText('resource', input.resource, MAX_RESOURCE, false),
      outcome: checkText('outcome', input.outcome, MAX_SHORT_TEXT, true) as string,
      details,
      request_id: checkText('requestId', input.requestId, MAX_SHORT_TEXT, false),
    };
    await this.db.insertInto('audit_log').values(row).execute();
    // Details go through JSON like a later read would, so callers see exactly what is stored.
    return this.toEntry({ ...row, details: details === null ? null : JSON.parse(details) }, 'parsed');
  }

  /** Newest first; filters combine with AND. Throws InvalidCursorError for a bad cursor. */
  async list(query: AuditLogQuery = {}): Promise<Page<AuditLogEntry>> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (query.tenant !== undefined) q = q.where('tenant', '=', query.tenant);
    if (query.action !== undefined) q = q.where('action', '=', query.action);
    if (query.principalId !== undefined) q = q.where('principal_id', '=', query.principalId);
    if (query.from !== undefined) q = q.where('at', '>=', toDbTimestamp(query.from));
    if (query.to !== undefined) q = q.where('at', '<', toDbTimestamp(query.to));
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'at', direction: 'desc', type: 'timestamp' },
    });
    return { items: page.items.map((row) => this.toEntry(row)), nextCursor: page.nextCursor };
  }

  /** Retention: removes entries strictly older than `cutoff`; returns how many. */
  async deleteOlderThan(cutoff: Date): Promise<number> {
    const result = await this.db.deleteFrom('audit_log').where('at', '<', toDbTimestamp(cutoff)).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  private toEntry(row: Selectable<AuditLogRow> | Record<keyof AuditLogRow, unknown>, details?: 'parsed'): AuditLogEntry {
    return {
      id: row.id as string,
      at: fromDbTimestamp(row.at),
      principalId: (row.principal_id as string | null) ?? null,
      tenant: (row.tenant as string | null) ?? null,
      action: row.action as string,
      resource: (row.resource as string | null) ?? null,
      outcome: row.outcome as string,
      details:
        details === 'parsed'
          ? (row.details as Record<string, unknown> | null)
          : fromDbJson<Record<string, unknown>>(this.database.dialect, row.details),
      requestId: (row.request_id as string | null) ?? null,
    };
  }
}
