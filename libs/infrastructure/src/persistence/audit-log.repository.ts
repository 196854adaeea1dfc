import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import type { AuditChainHead, AuditLogEntry, AuditLogQuery } from '../audit/audit-log.types';
import { fromDbInteger, toDbTimestamp } from './column-values';
import { Page, paginate } from './pagination/paginate';
import { toAuditEntry, toAuditRow } from './row-mapping';
import type { InfrastructureDb, InfrastructureTables } from './tables';
import { TablesRepository } from './tables-repository';

const HEAD_ID = 1;

/**
 * The audit_log table and its chain head: SQL only. Linking entries and deciding what is broken
 * belong to AuditLog and AuditChainVerifier.
 */
@Injectable()
export class AuditLogRepository extends TablesRepository<InfrastructureTables> {
  transaction<T>(fn: (trx: InfrastructureDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  /**
   * Reads the chain head and locks it until the transaction ends: an UPDATE as the transaction's
   * first statement takes PostgreSQL's row lock and SQLite's write lock, so appends from every
   * replica (and process) are serialised and each one sees the head the previous one left.
   */
  async lockHead(trx: InfrastructureDb): Promise<AuditChainHead> {
    const row = await trx
      .updateTable('audit_chain_head')
      .set({ seq: sql<number>`seq` })
      .where('id', '=', HEAD_ID)
      .returning(['seq', 'hash'])
      .executeTakeFirstOrThrow();
    return { seq: fromDbInteger(row.seq), hash: row.hash };
  }

  async head(db: InfrastructureDb = this.db): Promise<AuditChainHead> {
    const row = await db
      .selectFrom('audit_chain_head')
      .select(['seq', 'hash'])
      .where('id', '=', HEAD_ID)
      .executeTakeFirstOrThrow();
    return { seq: fromDbInteger(row.seq), hash: row.hash };
  }

  async moveHead(head: AuditChainHead, at: Date, trx: InfrastructureDb): Promise<void> {
    await trx
      .updateTable('audit_chain_head')
      .set({ seq: head.seq, hash: head.hash, updated_at: toDbTimestamp(at) })
      .where('id', '=', HEAD_ID)
      .execute();
  }

  async insert(entries: readonly AuditLogEntry[], trx: InfrastructureDb): Promise<void> {
    if (entries.length === 0) return;
    await trx.insertInto('audit_log').values(entries.map(toAuditRow)).execute();
  }

  /** Newest first; filters combine with AND. Throws InvalidCursorError for a bad cursor. */
  async list(query: AuditLogQuery = {}): Promise<Page<AuditLogEntry>> {
    let q = this.db.selectFrom('audit_log').selectAll();
    if (query.tenant !== undefined) q = q.where('tenant', '=', query.tenant);
    if (query.action !== undefined) q = q.where('action', '=', query.action);
    if (query.principalId !== undefined) q = q.where('principal_id', '=', query.principalId);
    if (query.outcome !== undefined) q = q.where('outcome', '=', query.outcome);
    if (query.requestId !== undefined) q = q.where('request_id', '=', query.requestId);
    if (query.from !== undefined) q = q.where('at', '>=', toDbTimestamp(query.from));
    if (query.to !== undefined) q = q.where('at', '<', toDbTimestamp(query.to));
    const page = await paginate(q, {
      limit: query.limit,
      cursor: query.cursor,
      orderBy: { column: 'at', direction: 'desc', type: 'timestamp' },
    });
    return { items: page.items.map((row) => toAuditEntry(this.database.dialect, row)), nextCursor: page.nextCursor };
  }

  /** Chain order: entries with afterSeq < seq ≤ throughSeq, lowest first, at most `limit`. */
  async chainPage(afterSeq: number, throughSeq: number, limit: number): Promise<AuditLogEntry[]> {
    const rows = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .where('seq', '<=', throughSeq)
      .orderBy('seq')
      .limit(limit)
      .execute();
    return rows.map((row) => toAuditEntry(this.database.dialect, row));
  }

  /** The first row that is not a link of the chain (no sequence number or hash), if any. */
  async findUnlinked(): Promise<AuditLogEntry | undefined> {
    const row = await this.db
      .selectFrom('audit_log')
      .selectAll()
      .where((eb) => eb.or([eb('seq', 'is', null), eb('hash', 'is', null), eb('prev_hash', 'is', null)]))
      .limit(1)
      .executeTakeFirst();
    return row ? toAuditEntry(this.database.dialect, row) : undefined;
  }

  /** The entry with the highest sequence number. */
  newest(): Promise<AuditLogEntry | undefined> {
    return this.newestLinked();
  }

  /** The newest entry with this action (e.g. the last `audit.pruned`), in chain order. */
  latestWithAction(action: string): Promise<AuditLogEntry | undefined> {
    return this.newestLinked(action);
  }

  /** The chain's newest link, of any action or of `action` only. */
  private async newestLinked(action?: string): Promise<AuditLogEntry | undefined> {
    let query = this.db.selectFrom('audit_log').selectAll().where('seq', 'is not', null);
    if (action !== undefined) query = query.where('action', '=', action);
    const row = await query.orderBy('seq', 'desc').limit(1).executeTakeFirst();
    return row ? toAuditEntry(this.database.dialect, row) : undefined;
  }

  /** Sequence number of the earliest entry (by time) at or after `cutoff`; undefined when none is. */
  async firstSeqFrom(cutoff: Date): Promise<number | undefined> {
    const row = await this.db
      .selectFrom('audit_log')
      .select('seq')
      .where('at', '>=', toDbTimestamp(cutoff))
      .where('seq', 'is not', null)
      .orderBy('at')
      .orderBy('id')
      .limit(1)
      .executeTakeFirst();
    return row?.seq === undefined || row.seq === null ? undefined : fromDbInteger(row.seq);
  }

  /** Deletes up to `limit` of the oldest entries with seq < beforeSeq; returns how many. */
  async deleteBefore(beforeSeq: number, limit: number): Promise<number> {
    const result = await this.db
      .deleteFrom('audit_log')
      .where('seq', 'in', (eb) =>
        eb.selectFrom('audit_log').select('seq').where('seq', '<', beforeSeq).orderBy('seq').limit(limit),
      )
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
