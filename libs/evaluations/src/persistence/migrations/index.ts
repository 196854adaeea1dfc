import type { Migration } from 'kysely';
import { createEvaluationTables } from './0001_evaluations_tables';

/** Migrations of the `evaluations` namespace. Append with the next number; never edit a shipped one. */
export const evaluationsMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_evaluations_tables': createEvaluationTables,
});
