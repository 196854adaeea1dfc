import { Injectable } from '@nestjs/common';
import type { Kysely, Selectable } from 'kysely';
import {
  Database,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  toDbJson,
  toDbTimestamp,
  type DataPolicy,
  type DatabaseDialect,
} from '@app/infrastructure';
import type { DataPolicyOverride } from '../data-quality/data-policy.types';
import type { CandleInterval } from '../data-quality/candle-series';
import type { DataPolicyRow, HanditDataTables } from './tables';

function toOverride(dialect: DatabaseDialect, row: Selectable<DataPolicyRow>): DataPolicyOverride {
  return {
    tenant: row.tenant,
    policy: (row.policy as DataPolicy | null) ?? null,
    staleness: fromDbJson<Partial<Record<CandleInterval, string>>>(dialect, row.staleness) ?? {},
    zeroVolumeRun: row.zero_volume_run === null ? null : fromDbInteger(row.zero_volume_run),
    updatedBy: row.updated_by,
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

/** Tenants' data policy overrides, one row per tenant. */
@Injectable()
export class DataPolicyRepository {
  constructor(private readonly database: Database) {}

  private get db(): Kysely<HanditDataTables> {
    return this.database.tables<HanditDataTables>();
  }

  async find(tenant: string): Promise<DataPolicyOverride | undefined> {
    const row = await this.db
      .selectFrom('handit_data_policies')
      .selectAll()
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return row ? toOverride(this.database.dialect, row) : undefined;
  }

  /** Replaces the tenant's override (insert or update). */
  async save(override: DataPolicyOverride): Promise<void> {
    const values = {
      policy: override.policy,
      staleness: toDbJson(override.staleness),
      zero_volume_run: override.zeroVolumeRun,
      updated_by: override.updatedBy,
      updated_at: toDbTimestamp(override.updatedAt),
    };
    await this.db
      .insertInto('handit_data_policies')
      .values({ tenant: override.tenant, ...values })
      .onConflict((oc) => oc.column('tenant').doUpdateSet(values))
      .execute();
  }

  async delete(tenant: string): Promise<boolean> {
    const result = await this.db.deleteFrom('handit_data_policies').where('tenant', '=', tenant).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
