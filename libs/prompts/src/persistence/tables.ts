import type { Kysely, Transaction } from 'kysely';
import type { JsonColumn, TimestampColumn } from '@app/infrastructure';

/** One version of a tenant's prompt (migration 0001). In Langfuse mode: the local copy of what Langfuse holds. */
export interface PromptVersionRow {
  tenant: string;
  name: string;
  version: number;
  type: string;
  /** The text, or the chat messages, as JSON. */
  prompt: JsonColumn;
  config: JsonColumn;
  commit_message: string | null;
  created_by: string | null;
  created_at: TimestampColumn;
}

/** Where a label of a prompt points: one version per (tenant, name, label). */
export interface PromptLabelRow {
  tenant: string;
  name: string;
  label: string;
  version: number;
  updated_at: TimestampColumn;
}

export interface PromptTables {
  prompt_versions: PromptVersionRow;
  prompt_labels: PromptLabelRow;
}

export type PromptsDb = Kysely<PromptTables> | Transaction<PromptTables>;
