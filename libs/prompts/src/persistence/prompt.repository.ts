import { Injectable } from '@nestjs/common';
import type { Selectable } from 'kysely';
import {
  fromDbJson,
  fromDbTimestamp,
  Page,
  paginate,
  toDbJson,
  toDbTimestamp,
  type DatabaseDialect,
  TablesRepository,
} from '@app/infrastructure';
import { LATEST, type PromptSummary, type PromptType, type PromptVersion } from '../prompts/prompt.types';
import type { PromptsDb, PromptTables, PromptVersionRow } from './tables';

function toVersion(dialect: DatabaseDialect, row: Selectable<PromptVersionRow>, labels: string[]): PromptVersion {
  return {
    tenant: row.tenant,
    name: row.name,
    version: Number(row.version),
    type: row.type as PromptType,
    prompt: fromDbJson(dialect, row.prompt) as PromptVersion['prompt'],
    config: fromDbJson<Record<string, unknown>>(dialect, row.config) ?? {},
    labels,
    commitMessage: row.commit_message ?? null,
    createdBy: row.created_by ?? null,
    createdAt: fromDbTimestamp(row.created_at),
  };
}

/** Prompt versions and labels of each tenant; every statement is filtered by tenant. */
@Injectable()
export class PromptRepository extends TablesRepository<PromptTables> {
  transaction<T>(fn: (trx: PromptsDb) => Promise<T>): Promise<T> {
    return this.db.transaction().execute(fn);
  }

  async latestVersion(tenant: string, name: string, db: PromptsDb = this.db): Promise<number> {
    const row = await db
      .selectFrom('prompt_versions')
      .select((eb) => eb.fn.max('version').as('v'))
      .where('tenant', '=', tenant)
      .where('name', '=', name)
      .executeTakeFirst();
    return Number(row?.v ?? 0);
  }

  /** Stores a version (a local copy of Langfuse's is replaced by a newer read of it). */
  async putVersion(v: PromptVersion, db: PromptsDb = this.db): Promise<void> {
    const values = {
      tenant: v.tenant,
      name: v.name,
      version: v.version,
      type: v.type,
      prompt: toDbJson(v.prompt) as string,
      config: toDbJson(v.config) as string,
      commit_message: v.commitMessage,
      created_by: v.createdBy,
      created_at: toDbTimestamp(v.createdAt),
    };
    await db
      .insertInto('prompt_versions')
      .values(values)
      .onConflict((oc) =>
        oc.columns(['tenant', 'name', 'version']).doUpdateSet({ prompt: values.prompt, config: values.config }),
      )
      .execute();
  }

  /** Points each label at `version` (moving it from another version). */
  async pointLabels(
    tenant: string,
    name: string,
    version: number,
    labels: string[],
    now: Date,
    db: PromptsDb = this.db,
  ): Promise<void> {
    for (const label of labels)
      await db
        .insertInto('prompt_labels')
        .values({ tenant, name, label, version, updated_at: toDbTimestamp(now) })
        .onConflict((oc) =>
          oc.columns(['tenant', 'name', 'label']).doUpdateSet({ version, updated_at: toDbTimestamp(now) }),
        )
        .execute();
  }

  /** Removes the labels of `version` that are not in `keep` (setting a version's labels replaces them). */
  async dropLabelsExcept(tenant: string, name: string, version: number, keep: string[], db: PromptsDb = this.db) {
    let q = db
      .deleteFrom('prompt_labels')
      .where('tenant', '=', tenant)
      .where('name', '=', name)
      .where('version', '=', version)
      .where('label', '!=', LATEST);
    if (keep.length) q = q.where('label', 'not in', keep);
    await q.execute();
  }

  private async labelsOf(tenant: string, name: string, version: number, db: PromptsDb): Promise<string[]> {
    const rows = await db
      .selectFrom('prompt_labels')
      .select('label')
      .where('tenant', '=', tenant)
      .where('name', '=', name)
      .where('version', '=', version)
      .orderBy('label')
      .execute();
    return rows.map((r) => r.label);
  }

  async versionByLabel(tenant: string, name: string, label: string, db: PromptsDb = this.db): Promise<number | null> {
    const row = await db
      .selectFrom('prompt_labels')
      .select('version')
      .where('tenant', '=', tenant)
      .where('name', '=', name)
      .where('label', '=', label)
      .executeTakeFirst();
    return row ? Number(row.version) : null;
  }

  async find(tenant: string, name: string, version: number, db: PromptsDb = this.db): Promise<PromptVersion | null> {
    const row = await db
      .selectFrom('prompt_versions')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('name', '=', name)
      .where('version', '=', version)
      .executeTakeFirst();
    return row ? toVersion(this.database.dialect, row, await this.labelsOf(tenant, name, version, db)) : null;
  }

  /** A prompt's versions, newest first. */
  async versions(
    tenant: string,
    name: string,
    page: { limit?: number; cursor?: string },
  ): Promise<Page<PromptVersion>> {
    const q = this.db.selectFrom('prompt_versions').selectAll().where('tenant', '=', tenant).where('name', '=', name);
    const result = await paginate(q, {
      limit: page.limit,
      cursor: page.cursor,
      orderBy: { column: 'version', direction: 'desc', type: 'number', idColumn: 'name' },
    });
    const items: PromptVersion[] = [];
    for (const row of result.items)
      items.push(
        toVersion(this.database.dialect, row, await this.labelsOf(tenant, name, Number(row.version), this.db)),
      );
    return { items, nextCursor: result.nextCursor };
  }

  /** A tenant's prompts by name, each with its newest version and its labels. */
  async list(tenant: string, page: { limit?: number; cursor?: string }): Promise<Page<PromptSummary>> {
    const q = this.db.selectFrom('prompt_labels').selectAll().where('tenant', '=', tenant).where('label', '=', LATEST);
    const result = await paginate(q, {
      limit: page.limit,
      cursor: page.cursor,
      orderBy: { column: 'name', direction: 'asc', type: 'text', idColumn: 'name' },
    });
    const items: PromptSummary[] = [];
    for (const row of result.items) {
      const labels = await this.db
        .selectFrom('prompt_labels')
        .select(['label', 'version'])
        .where('tenant', '=', tenant)
        .where('name', '=', row.name)
        .orderBy('label')
        .execute();
      const latest = await this.find(tenant, row.name, Number(row.version));
      items.push({
        name: row.name,
        type: (latest?.type ?? 'text') as PromptType,
        latestVersion: Number(row.version),
        labels: Object.fromEntries(labels.map((l) => [l.label, Number(l.version)])),
        updatedAt: fromDbTimestamp(row.updated_at),
      });
    }
    return { items, nextCursor: result.nextCursor };
  }
}
