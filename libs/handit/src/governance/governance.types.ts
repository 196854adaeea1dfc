import type { AssetClass } from '../quant';
import type { TaskType } from '../tasks/task.types';

/**
 * A version's life: `active` takes routed and pinned tasks, `shadow` runs beside every champion
 * task (its result is stored, never returned), `deprecated` serves only tasks that pin it,
 * `retired` refuses new tasks.
 */
export const VERSION_STATUSES = ['active', 'shadow', 'deprecated', 'retired'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

/** How an external model is spoken to: OpenAI-compatible chat completions, or plain JSON in and out. */
export const EXTERNAL_PROTOCOLS = ['openai', 'json'] as const;
export type ExternalProtocol = (typeof EXTERNAL_PROTOCOLS)[number];

/** What a sticky rule hashes so one key always gets one version. */
export const STICKY_KEYS = ['symbol', 'tenant', 'header'] as const;
export type StickyKey = (typeof STICKY_KEYS)[number];

/** The version built-in models ship as (today's parameters). */
export const BUILT_IN_VERSION = 'v1';
export const MODEL_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,62}[a-z0-9]$/;
export const VERSION_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,31}$/;

/** An HTTP endpoint that computes a task type's result; its auth secret is an env var's name, never a value. */
export interface ExternalEndpoint {
  protocol: ExternalProtocol;
  url: string;
  /** The chat model to ask for (openai protocol). */
  model?: string;
  timeoutMs: number;
  /** Name of the environment variable holding the credential (must carry the configured prefix). */
  secretRef?: string;
  /** Header the secret goes in; `Authorization` gets `Bearer <secret>`. */
  authHeader?: string;
}

/** Engine parameters per task type, e.g. `{ trading_signal: { rsiPeriod: 10 } }`. */
export type VersionParameters = Partial<Record<TaskType, Record<string, number>>>;

/** One version of a model: an engine with parameters, or an external endpoint. */
export interface ModelVersion {
  modelId: string;
  version: string;
  /** The built-in model whose engine computes it; null for an external model. */
  engine: string | null;
  external: ExternalEndpoint | null;
  parameters: VersionParameters;
  status: VersionStatus;
  /** The version that serves routed tasks while this one's provider circuit is open. */
  fallbackVersion: string | null;
  builtIn: boolean;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A model an admin defined (built-in models are code). */
export interface UserModel {
  id: string;
  name: string;
  description: string;
  taskTypes: TaskType[];
  assetClasses: AssetClass[];
  createdBy: string | null;
  createdAt: Date;
}

export interface SplitEntry {
  version: string;
  weight: number;
}

/** How routed tasks of one model (for every tenant, or one) are spread over its versions. */
export interface RoutingRule {
  modelId: string;
  /** null: the rule for every tenant without a rule of its own. */
  tenant: string | null;
  split: SplitEntry[];
  sticky: { by: StickyKey; header?: string } | null;
  updatedBy: string | null;
  updatedAt: Date;
}

/** One shadow run, stored beside its champion task. */
export interface ShadowRun {
  id: string;
  taskId: string;
  tenant: string;
  modelId: string;
  championVersion: string;
  version: string;
  status: 'succeeded' | 'failed';
  result: unknown;
  error: { code: string; message: string } | null;
  durationMs: number;
  championDurationMs: number;
  /** Same signal direction and numbers within tolerance; null when the shadow failed. */
  agreed: boolean | null;
  createdAt: Date;
}
