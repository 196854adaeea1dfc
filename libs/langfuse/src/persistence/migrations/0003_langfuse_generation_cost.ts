import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

// Kysely's documented choice for a schema no one module knows in full (see persistence README).
type AnyDb = Kysely<any>;

const COLUMNS = ['observation_type', 'cost_usd', 'units', 'workflow'] as const;

/**
 * Generations and their cost: each span's Langfuse observation type, its cost in USD and the
 * units a quant engine processed (from the generation's cost and usage details), and the
 * workflow a span serves, so the metrics summary can add cost by model, tenant, workflow and day.
 * Spans stored before have none (their cost is unknown, not zero).
 */
export const addGenerationCost: Migration = {
  async up(db: AnyDb): Promise<void> {
    const t = columnTypes(db);
    await db.schema.alterTable('obs_spans').addColumn('observation_type', t.text).execute();
    await db.schema.alterTable('obs_spans').addColumn('cost_usd', t.double).execute();
    await db.schema.alterTable('obs_spans').addColumn('units', t.bigint).execute();
    await db.schema.alterTable('obs_spans').addColumn('workflow', t.text).execute();
  },
  async down(db: AnyDb): Promise<void> {
    for (const column of COLUMNS) await db.schema.alterTable('obs_spans').dropColumn(column).execute();
  },
};
