import type { Migration } from 'kysely';
import { createWorkflowTables } from './0001_langgraph_workflows_runs';
import { addPendingDecision } from './0002_langgraph_pending_decision';
import { addRiskAndHalts } from './0003_langgraph_risk_halts';
import { addPlatformTables } from './0004_langgraph_platform';
import { addRunReplays } from './0005_langgraph_run_replays';

/**
 * Migrations of the `langgraph` namespace. The keys are what `kysely_migration_langgraph` stores:
 * never rename one. Append with the next number; never edit a shipped one.
 */
export const langgraphMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_langgraph_workflows_runs': createWorkflowTables,
  '0002_langgraph_pending_decision': addPendingDecision,
  '0003_langgraph_risk_halts': addRiskAndHalts,
  '0004_langgraph_platform': addPlatformTables,
  '0005_langgraph_run_replays': addRunReplays,
});
