import type { Migration } from 'kysely';
import { createLettaMemory } from './0001_letta_memory';
import { addLookupIndexes } from './0002_letta_lookup_indexes';
import { keyFullTextByAgent } from './0003_letta_agent_terms';
import { indexSearchByAgent } from './0004_letta_agent_search_index';

/** Migrations of the `letta` namespace. Append with the next number; never edit a shipped one. */
export const lettaMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_letta_memory': createLettaMemory,
  '0002_letta_lookup_indexes': addLookupIndexes,
  '0003_letta_agent_terms': keyFullTextByAgent,
  '0004_letta_agent_search_index': indexSearchByAgent,
});
