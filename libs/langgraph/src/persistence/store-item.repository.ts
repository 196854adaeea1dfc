import { Injectable } from '@nestjs/common';
import { sql } from 'kysely';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { StoreItem } from '../platform/platform.types';
import { toStoreItem } from './platform-row-mapping';
import type { LanggraphTables } from './tables';

const SEP = '.';

/** The long-term store's items; every statement is filtered by tenant. */
@Injectable()
export class StoreItemRepository extends TablesRepository<LanggraphTables> {
  async get(tenant: string, namespace: string[], key: string): Promise<StoreItem | null> {
    const row = await this.db
      .selectFrom('langgraph_store_items')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('namespace', '=', namespace.join(SEP))
      .where('key', '=', key)
      .executeTakeFirst();
    return row ? toStoreItem(this.database.dialect, row) : null;
  }

  /** Inserts or replaces (created_at kept on replace). */
  async put(tenant: string, namespace: string[], key: string, value: Record<string, unknown>): Promise<void> {
    const now = toDbTimestamp(new Date());
    await this.db
      .insertInto('langgraph_store_items')
      .values({
        tenant,
        namespace: namespace.join(SEP),
        key,
        value: toDbJson(value) as string,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) =>
        oc.columns(['tenant', 'namespace', 'key']).doUpdateSet({ value: toDbJson(value) as string, updated_at: now }),
      )
      .execute();
  }

  async delete(tenant: string, namespace: string[], key: string): Promise<void> {
    await this.db
      .deleteFrom('langgraph_store_items')
      .where('tenant', '=', tenant)
      .where('namespace', '=', namespace.join(SEP))
      .where('key', '=', key)
      .execute();
  }

  /** Items whose namespace starts with the prefix (whole labels), newest-updated first, at most `scan`. */
  async underPrefix(tenant: string, prefix: string[], scan: number): Promise<StoreItem[]> {
    let select = this.db.selectFrom('langgraph_store_items').selectAll().where('tenant', '=', tenant);
    if (prefix.length) {
      const joined = prefix.join(SEP);
      select = select.where((eb) =>
        // substr rather than LIKE: labels may hold % or _, and SQLite's LIKE has no default escape.
        eb.or([
          eb('namespace', '=', joined),
          eb(sql<string>`substr(namespace, 1, ${joined.length + 1})`, '=', `${joined}${SEP}`),
        ]),
      );
    }
    const rows = await select.orderBy('updated_at', 'desc').orderBy('key').limit(scan).execute();
    return rows.map((row) => toStoreItem(this.database.dialect, row));
  }

  /** Every distinct namespace of the tenant, at most `scan`. */
  async namespaces(tenant: string, scan: number): Promise<string[][]> {
    const rows = await this.db
      .selectFrom('langgraph_store_items')
      .select('namespace')
      .distinct()
      .where('tenant', '=', tenant)
      .orderBy('namespace')
      .limit(scan)
      .execute();
    return rows.map((row) => row.namespace.split(SEP));
  }
}
