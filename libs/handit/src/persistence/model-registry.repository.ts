import { Injectable } from '@nestjs/common';
import { sql, type Selectable } from 'kysely';
import {
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  toDbJson,
  toDbTimestamp,
  type DatabaseDialect,
  TablesRepository,
} from '@app/infrastructure';
import type { ModelVersion, RoutingRule, UserModel, VersionStatus } from '../governance/governance.types';
import type { HanditDb, HanditTables, ModelRow, ModelVersionRow, RoutingRuleRow } from './tables';

function toModel(d: DatabaseDialect, row: Selectable<ModelRow>): UserModel {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    taskTypes: fromDbJson(d, row.task_types) ?? [],
    assetClasses: fromDbJson(d, row.asset_classes) ?? [],
    createdBy: row.created_by,
    createdAt: fromDbTimestamp(row.created_at),
  };
}

function toVersion(
  d: DatabaseDialect,
  row: Selectable<ModelVersionRow>,
  builtIn: (id: string) => boolean,
): ModelVersion {
  return {
    modelId: row.model_id,
    version: row.version,
    engine: row.engine,
    external: fromDbJson(d, row.external),
    parameters: fromDbJson(d, row.parameters) ?? {},
    status: row.status as VersionStatus,
    fallbackVersion: row.fallback_version,
    builtIn: builtIn(row.model_id),
    createdBy: row.created_by,
    createdAt: fromDbTimestamp(row.created_at),
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

function toRule(d: DatabaseDialect, row: Selectable<RoutingRuleRow>): RoutingRule {
  return {
    modelId: row.model_id,
    tenant: row.tenant === '' ? null : row.tenant,
    split: fromDbJson(d, row.split) ?? [],
    sticky: fromDbJson(d, row.sticky),
    updatedBy: row.updated_by,
    updatedAt: fromDbTimestamp(row.updated_at),
  };
}

/** Everything the routing table is built from, read in one go. */
export interface RegistryContents {
  revision: number;
  models: UserModel[];
  versions: ModelVersion[];
  rules: RoutingRule[];
}

/**
 * User-defined models, model versions and routing rules. Models and rules are service-wide (a
 * rule's tenant is a routing scope, not an owner); every write bumps the registry revision in
 * the same transaction, so a replica that sees the new revision reads the new contents.
 */
@Injectable()
export class ModelRegistryRepository extends TablesRepository<HanditTables> {
  async revision(): Promise<number> {
    const row = await this.db
      .selectFrom('handit_registry_revision')
      .select('revision')
      .where('id', '=', 1)
      .executeTakeFirst();
    return row ? fromDbInteger(row.revision) : 0;
  }

  /** The whole registry at one revision (a transaction, so the revision matches what was read). */
  async load(isBuiltIn: (id: string) => boolean): Promise<RegistryContents> {
    const d = this.database.dialect;
    return this.db.transaction().execute(async (trx) => {
      const rev = await trx
        .selectFrom('handit_registry_revision')
        .select('revision')
        .where('id', '=', 1)
        .executeTakeFirst();
      const models = await trx.selectFrom('handit_models').selectAll().orderBy('created_at').orderBy('id').execute();
      const versions = await trx
        .selectFrom('handit_model_versions')
        .selectAll()
        .orderBy('created_at')
        .orderBy('version')
        .execute();
      const rules = await trx.selectFrom('handit_routing_rules').selectAll().execute();
      return {
        revision: rev ? fromDbInteger(rev.revision) : 0,
        models: models.map((r) => toModel(d, r)),
        versions: versions.map((r) => toVersion(d, r, isBuiltIn)),
        rules: rules.map((r) => toRule(d, r)),
      };
    });
  }

  /** A new model with its first version. */
  async createModel(model: UserModel, first: ModelVersion): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('handit_models')
        .values({
          id: model.id,
          name: model.name,
          description: model.description,
          task_types: toDbJson(model.taskTypes),
          asset_classes: toDbJson(model.assetClasses),
          created_by: model.createdBy,
          created_at: toDbTimestamp(model.createdAt),
        })
        .execute();
      await this.insertVersion(trx, first);
      await this.bump(trx);
    });
  }

  async createVersion(version: ModelVersion): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      await this.insertVersion(trx, version);
      await this.bump(trx);
    });
  }

  /** Stores a version's new status and fallback (a built-in v1 gets its row on its first change). */
  async saveVersion(version: ModelVersion): Promise<void> {
    const values = {
      status: version.status,
      fallback_version: version.fallbackVersion,
      updated_at: toDbTimestamp(version.updatedAt),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('handit_model_versions')
        .values(this.versionValues(version))
        .onConflict((oc) => oc.columns(['model_id', 'version']).doUpdateSet(values))
        .execute();
      await this.bump(trx);
    });
  }

  async saveRule(rule: RoutingRule): Promise<void> {
    const values = {
      split: toDbJson(rule.split),
      sticky: toDbJson(rule.sticky),
      updated_by: rule.updatedBy,
      updated_at: toDbTimestamp(rule.updatedAt),
    };
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('handit_routing_rules')
        .values({ model_id: rule.modelId, tenant: rule.tenant ?? '', ...values })
        .onConflict((oc) => oc.columns(['model_id', 'tenant']).doUpdateSet(values))
        .execute();
      await this.bump(trx);
    });
  }

  async deleteRule(modelId: string, tenant: string | null): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const result = await trx
        .deleteFrom('handit_routing_rules')
        .where('model_id', '=', modelId)
        .where('tenant', '=', tenant ?? '')
        .executeTakeFirst();
      const deleted = Number(result.numDeletedRows) > 0;
      if (deleted) await this.bump(trx);
      return deleted;
    });
  }

  private versionValues(v: ModelVersion) {
    return {
      model_id: v.modelId,
      version: v.version,
      engine: v.engine,
      external: toDbJson(v.external),
      parameters: toDbJson(v.parameters),
      status: v.status,
      fallback_version: v.fallbackVersion,
      created_by: v.createdBy,
      created_at: toDbTimestamp(v.createdAt),
      updated_at: toDbTimestamp(v.updatedAt),
    };
  }

  private async insertVersion(trx: HanditDb, version: ModelVersion): Promise<void> {
    await trx.insertInto('handit_model_versions').values(this.versionValues(version)).execute();
  }

  private async bump(trx: HanditDb): Promise<void> {
    await trx
      .updateTable('handit_registry_revision')
      .set({ revision: sql<number>`revision + 1`, updated_at: toDbTimestamp(new Date()) })
      .where('id', '=', 1)
      .execute();
  }
}
