import type { Migration } from 'kysely';
import { createTasks } from './0001_handit_tasks';
import { addDataQuality } from './0002_handit_data_quality';
import { addModelGovernance } from './0003_handit_model_governance';
import { addTaskProgress } from './0004_handit_task_progress';
import { moveTaskInputs } from './0005_handit_task_inputs';

/**
 * Migrations of the `handit` namespace. The keys are what kysely_migration_handit stores: never
 * rename one. Append with the next number; never edit a shipped one.
 */
export const handitMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_handit_tasks': createTasks,
  '0002_handit_data_quality': addDataQuality,
  '0003_handit_model_governance': addModelGovernance,
  '0004_handit_task_progress': addTaskProgress,
  '0005_handit_task_inputs': moveTaskInputs,
});
