import type { WorkflowDefinition } from '../definition/definition.types';

/** Where a workflow in the catalogue comes from: a shipped template or a tenant's registered definition. */
export const WORKFLOW_KINDS = ['template', 'registered'] as const;
export type WorkflowKind = (typeof WORKFLOW_KINDS)[number];

/** A registered definition: one per (tenant, name, version), never changed. */
export interface StoredWorkflow {
  id: string;
  tenant: string;
  name: string;
  version: number;
  description: string | null;
  definition: WorkflowDefinition;
  createdBy: string | null;
  createdAt: Date;
}

/** Runs of one workflow name that are not over yet, by status. */
export interface ActiveRunCounts {
  queued: number;
  running: number;
  interrupted: number;
}

interface SummaryBase {
  name: string;
  version: number;
  versions: number[];
  activeRuns: number;
  runs: ActiveRunCounts;
}

/** A template in the catalogue: its documented input, an example and its steps. */
export interface TemplateSummary extends SummaryBase {
  kind: 'template';
  description: string;
  steps: string[][];
  inputSchema: Record<string, unknown>;
  example: Record<string, unknown>;
  output: string;
}

/** The latest version of a registered workflow, with every version it has. */
export interface RegisteredSummary extends SummaryBase {
  kind: 'registered';
  description: string | null;
  inputSchema: Record<string, unknown> | null;
  definition: WorkflowDefinition;
  createdAt: string;
}

/** One entry of the catalogue (GET /workflows). */
export type WorkflowSummary = TemplateSummary | RegisteredSummary;
