import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/** Prompt versions and their labels, per tenant. */
export const createPromptTables: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('prompt_versions')
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('type', t.text, (c) => c.notNull())
      .addColumn('prompt', t.json, (c) => c.notNull())
      .addColumn('config', t.json, (c) => c.notNull())
      .addColumn('commit_message', t.text)
      .addColumn('created_by', t.text)
      .addColumn('created_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('prompt_versions_pk', ['tenant', 'name', 'version'])
      .execute();
    await db.schema
      .createTable('prompt_labels')
      .addColumn('tenant', t.text, (c) => c.notNull())
      .addColumn('name', t.text, (c) => c.notNull())
      .addColumn('label', t.text, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addColumn('updated_at', t.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('prompt_labels_pk', ['tenant', 'name', 'label'])
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('prompt_labels').execute();
    await db.schema.dropTable('prompt_versions').execute();
  },
};
