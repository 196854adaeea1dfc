import { Kysely, Migration } from 'kysely';
import { GENESIS_HASH, entryHash } from '../../audit/audit-chain';
import { columnTypes, dialectOf } from '../column-types';
import type { AnySchema } from '../database';
import { fromDbJson, fromDbTimestamp, toDbTimestamp } from '../column-values';

/**
 * Makes the audit log a hash chain: a sequence number, the previous entry's hash and the entry's
 * own hash on every row, the status and source address of the request, `resource` renamed
 * `target`, and a one-row chain head that every append locks. Rows written before this migration
 * (none are expected: nothing wrote to the table) are linked in (at, id) order.
 */
export const chainAuditLog: Migration = {
  async up(db: Kysely<AnySchema>): Promise<void> {
    const t = columnTypes(db);
    await db.schema.alterTable('audit_log').renameColumn('resource', 'target').execute();
    await db.schema.alterTable('audit_log').addColumn('seq', t.bigint).execute();
    await db.schema.alterTable('audit_log').addColumn('status', t.integer).execute();
    await db.schema.alterTable('audit_log').addColumn('source_ip', t.text).execute();
    await db.schema.alterTable('audit_log').addColumn('prev_hash', t.text).execute();
    await db.schema.alterTable('audit_log').addColumn('hash', t.text).execute();
    await db.schema
      .createTable('audit_chain_head')
      .addColumn('id', t.integer, (c) => c.primaryKey())
      .addColumn('seq', t.bigint, (c) => c.notNull())
      .addColumn('hash', t.text, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .execute();
    const head = await linkExistingRows(db);
    await db
      .insertInto('audit_chain_head')
      .values({ id: 1, seq: head.seq, hash: head.hash, updated_at: toDbTimestamp(new Date()) })
      .execute();
    // The walk of verify and the prefix cut of retention go by sequence number.
    await db.schema.createIndex('audit_log_seq_idx').on('audit_log').column('seq').unique().execute();
  },
  async down(db: Kysely<AnySchema>): Promise<void> {
    await db.schema.dropIndex('audit_log_seq_idx').execute();
    await db.schema.dropTable('audit_chain_head').execute();
    for (const column of ['hash', 'prev_hash', 'source_ip', 'status', 'seq']) {
      await db.schema.alterTable('audit_log').dropColumn(column).execute();
    }
    await db.schema.alterTable('audit_log').renameColumn('target', 'resource').execute();
  },
};

async function linkExistingRows(db: Kysely<AnySchema>): Promise<{ seq: number; hash: string }> {
  const dialect = dialectOf(db);
  const rows = await db.selectFrom('audit_log').selectAll().orderBy('at').orderBy('id').execute();
  let head = { seq: 0, hash: GENESIS_HASH };
  for (const row of rows) {
    const entry = {
      id: row.id as string,
      seq: head.seq + 1,
      at: fromDbTimestamp(row.at),
      principalId: row.principal_id ?? null,
      tenant: row.tenant ?? null,
      action: row.action as string,
      target: row.target ?? null,
      status: null,
      outcome: row.outcome as string,
      requestId: row.request_id ?? null,
      sourceIp: null,
      details: fromDbJson<Record<string, unknown>>(dialect, row.details),
      prevHash: head.hash,
    };
    const hash = entryHash(entry);
    await db
      .updateTable('audit_log')
      .set({ seq: entry.seq, prev_hash: entry.prevHash, hash })
      .where('id', '=', entry.id)
      .execute();
    head = { seq: entry.seq, hash };
  }
  return head;
}
