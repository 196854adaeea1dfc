/** A tenant's dataset; its items are versioned (each import makes a new version). */
export interface Dataset {
  id: string;
  tenant: string;
  name: string;
  description: string | null;
  latestVersion: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface DatasetItem {
  id: string;
  version: number;
  position: number;
  input: unknown;
  expectedOutput: unknown;
  metadata: Record<string, unknown> | null;
}

export interface NewDatasetItem {
  input: unknown;
  expectedOutput?: unknown;
  metadata?: Record<string, unknown>;
}

/** `append` keeps the previous version's items before the new ones; `replace` starts over. */
export const IMPORT_MODES = ['append', 'replace'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];
export const IMPORT_FORMATS = ['json', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];
