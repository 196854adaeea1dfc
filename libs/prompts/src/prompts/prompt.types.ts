import type { PromptMessage } from '@app/handit';

/** Langfuse's two prompt kinds: one text, or a list of chat messages. */
export const PROMPT_TYPES = ['text', 'chat'] as const;
export type PromptType = (typeof PROMPT_TYPES)[number];
export const CHAT_ROLES = ['system', 'user', 'assistant'] as const;

/** The label every newest version carries (kept by the store, never set by hand). */
export const LATEST = 'latest';
/** The label a prompt is read by when neither label nor version is given (as Langfuse does). */
export const DEFAULT_LABEL = 'production';

export type PromptBody = string | PromptMessage[];

/** One version of a tenant's prompt. */
export interface PromptVersion {
  tenant: string;
  name: string;
  version: number;
  type: PromptType;
  prompt: PromptBody;
  /** Free configuration kept with the version (model parameters, …). */
  config: Record<string, unknown>;
  labels: string[];
  commitMessage: string | null;
  createdBy: string | null;
  createdAt: Date;
}

export interface NewPromptVersion {
  name: string;
  type: PromptType;
  prompt: PromptBody;
  config?: Record<string, unknown>;
  labels?: string[];
  commitMessage?: string;
}

/** Which version to read: by label (default `production`) or by number. */
export interface PromptSelector {
  label?: string;
  version?: number;
}

/** A prompt read for use, with where it came from. */
export interface ServedPrompt extends PromptVersion {
  /** `langfuse` (fetched or from the SDK's cache), `local` (the database), `fallback` (local copy, Langfuse unreachable). */
  source: 'langfuse' | 'local' | 'fallback';
}

/** A prompt's name with its newest version and where its labels point. */
export interface PromptSummary {
  name: string;
  type: PromptType;
  latestVersion: number;
  labels: Record<string, number>;
  updatedAt: Date;
}
