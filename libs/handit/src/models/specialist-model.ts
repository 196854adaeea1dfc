import type { ProviderBreaker } from '@app/infrastructure';
import type { AssetClass, AssetClassProfile, ProgressReporter } from '../quant';
import type { TaskType, TokenUsage } from '../tasks/task.types';
import { assetClassTradingHours } from './asset-class-hours';

/** Where a model's answers come from: the quantitative engines, the configured LLM provider, or an external endpoint. */
export const MODEL_PROVIDERS = ['quant', 'llm', 'external'] as const;
export type ModelProvider = (typeof MODEL_PROVIDERS)[number];
/** Whether a model can take tasks now (an LLM model is unavailable without a provider). */
export const MODEL_STATUSES = ['available', 'unavailable'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];

/** What a client sees of a model: identity, what it serves, and its domain parameters. */
export interface ModelDescriptor {
  id: string;
  name: string;
  version: string;
  provider: ModelProvider;
  description: string;
  assetClasses: AssetClass[];
  taskTypes: TaskType[];
  status: ModelStatus;
  /** Why it is unavailable, when it is. */
  statusReason?: string;
  /** Domain parameters: periods per year, tick size, trading hours, default indicator periods, … */
  parameters: Record<string, unknown>;
}

export interface ModelInvocation {
  taskId: string;
  /** The task's tenant (whose prompts a call may use). */
  tenant: string;
  type: TaskType;
  input: unknown;
  signal: AbortSignal;
  /** Hears how far the model is (fraction, message), for models that report; throttled by the caller. */
  progress?: ProgressReporter;
  /** The call's Langfuse generation, for what only the model knows (messages sent, provider model). */
  generation?: GenerationRecorder;
}

/** The prompt a call used (prompt management), as its generation names it. */
export interface PromptUse {
  name: string;
  version: number;
  label?: string;
  /** The local copy served because the prompt store was unreachable. */
  isFallback: boolean;
}

/** What a model tells its generation about the call it made. */
export interface GenerationDetails {
  /** What was sent (e.g. the chat messages); recorded only when capture is on. */
  input?: unknown;
  /** The provider's own model name (e.g. `gpt-4o-mini`), when it differs from the service's model id. */
  providerModel?: string;
  parameters?: Record<string, string | number>;
  prompt?: PromptUse;
}

/** The model's handle on its generation. `capture` says whether input/output may leave the service. */
export interface GenerationRecorder {
  readonly capture: boolean;
  record(details: GenerationDetails): void;
}

export interface ModelOutput {
  result: unknown;
  usage?: TokenUsage;
  /** Units a quant engine processed (candles, points), the generation's usage and the basis of its cost. */
  units?: number;
}

/**
 * One specialist model. Adding a model is one class implementing this, provided under the
 * SPECIALIST_MODELS token (see handit.module.ts).
 */
export interface SpecialistModel {
  describe(): ModelDescriptor;
  /** Task-specific input checks beyond the engine's own (e.g. the model's asset class). */
  validateInput(type: TaskType, input: unknown): { field: string; message: string }[];
  /** Fills model defaults into the input before it is stored (e.g. the asset class). */
  prepareInput(type: TaskType, input: unknown): unknown;
  execute(invocation: ModelInvocation): Promise<ModelOutput>;
  /** The circuit breaker of the provider it calls (LLM, external endpoint); none for quant engines. */
  circuit?(): ProviderBreaker | undefined;
}

export const SPECIALIST_MODELS = Symbol('SPECIALIST_MODELS');

export function profileParameters(profile: AssetClassProfile): Record<string, unknown> {
  return {
    assetClass: profile.assetClass,
    periodsPerYear: profile.periodsPerYear,
    tickSize: profile.tickSize,
    tickName: profile.tickName,
    maxLeverage: profile.maxLeverage,
    tradingHours: assetClassTradingHours(profile.assetClass),
    defaultPeriods: profile.defaultPeriods,
  };
}
