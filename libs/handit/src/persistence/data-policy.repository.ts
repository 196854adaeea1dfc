import { Injectable } from '@nestjs/common';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { DataPolicyOverride } from '../data-quality/data-policy.types';
import { toDataPolicyOverride } from './row-mapping';
import type { HanditTables } from './tables';

/** Tenants' data policy overrides, one row per tenant. */
@Injectable()
export class DataPolicyRepository extends TablesRepository<HanditTables> {
  async find(tenant: string): Promise<DataPolicyOverride | undefined> {
    const row = await this.db
      .selectFrom('handit_data_policies')
      .selectAll()
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return row ? toDataPolicyOverride(this.database.dialect, row) : undefined;
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
