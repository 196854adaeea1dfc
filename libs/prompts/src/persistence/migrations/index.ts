import type { Migration } from 'kysely';
import { createPromptTables } from './0001_prompts_tables';

/** Migrations of the `prompts` namespace. Append with the next number; never edit a shipped one. */
export const promptsMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_prompts_tables': createPromptTables,
});
