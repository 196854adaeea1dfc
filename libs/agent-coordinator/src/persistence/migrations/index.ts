import type { Migration } from 'kysely';
import { createAgentTables } from './0001_agents_tables';
import { addBreakerState } from './0002_agents_breakers';
import { addMessageTrace } from './0003_agents_message_trace';

/**
 * Migrations of the `agents` namespace. The keys are what Kysely stored in
 * `kysely_migration_agents`: frozen, even where a file name says it differently. Append with the
 * next number; never edit a shipped one.
 */
export const agentCoordinatorMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_agents': createAgentTables,
  '0002_agent_breakers': addBreakerState,
  '0003_agent_message_trace': addMessageTrace,
});
