import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

// Tracing (libs/langfuse).

/** Where finished spans go besides the local store: batching bounds shared by every exporter. */
export class TracingExportSettings {
  @IsInt() @Min(100) @Max(120_000) timeoutMs: number;
  @IsInt() @Min(1) @Max(100_000) maxQueueSize: number;
  @IsInt() @Min(1) @Max(10_000) maxBatchSize: number;
  @IsInt() @Min(10) @Max(600_000) flushIntervalMs: number;
  /** Longest the service's shutdown waits for a backend to take what is queued; the rest is dropped. */
  @IsInt() @Min(0) @Max(60_000) shutdownTimeoutMs: number;
}

export class OtlpExportSettings {
  @IsString() @Matches(/^($|https?:\/\/)/, { message: 'must be empty or an http(s) URL' }) endpoint: string;
  /** `key=value,key2=value2` (the OTEL_EXPORTER_OTLP_HEADERS format). */
  @IsString() headers: string;
}

/** The local trace store: spans written to the service's database, kept `retentionDays`. */
export class TraceStoreSettings {
  @IsBoolean() enabled: boolean;
  @IsNumber() @Min(0.01) @Max(3650) retentionDays: number;
  @IsInt() @Min(10) @Max(600_000) flushIntervalMs: number;
  @IsInt() @Min(1) @Max(1_000_000) maxQueueSize: number;
  @IsInt() @Min(0) @Max(30 * 24 * 3600 * 1000) sweepIntervalMs: number;
}

/**
 * One row of the price table: what a model's call costs, in USD. LLM models are priced per
 * million input and output tokens; quant models per unit processed (candles or points).
 * `model` is the service's model id or the provider's model name (e.g. `gpt-4o-mini`).
 */
export class ModelPrice {
  @IsString() @Matches(/^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/) model: string;
  @IsOptional() @IsNumber() @Min(0) @Max(1_000_000) inputPer1M?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1_000_000) outputPer1M?: number;
  @IsOptional() @IsNumber() @Min(0) @Max(1_000_000) perUnit?: number;
}

/**
 * Model calls as Langfuse generations: whether their input and output leave the service
 * (a `no…` list wins over a yes list, which wins over the default), how much of them, and prices.
 */
export class GenerationSettings {
  @IsBoolean() capture: boolean;
  @IsArray() @IsString({ each: true }) captureTenants: string[];
  @IsArray() @IsString({ each: true }) noCaptureTenants: string[];
  @IsArray() @IsString({ each: true }) captureModels: string[];
  @IsArray() @IsString({ each: true }) noCaptureModels: string[];
  /** Characters of input and of output kept per generation when captured; the rest is cut. */
  @IsInt() @Min(64) @Max(65_536) maxPayloadChars: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => ModelPrice) prices: ModelPrice[];
}

/** Prompts read from Langfuse (when configured): how long a fetched prompt is reused, and one fetch's bound. */
export class PromptStoreSettings {
  @IsInt() @Min(0) @Max(86_400) cacheTtlSeconds: number;
  @IsInt() @Min(100) @Max(60_000) fetchTimeoutMs: number;
}

/** Tracing (libs/langfuse): OpenTelemetry set-up, Langfuse / OTLP export, local store. */
export class LangfuseSettings {
  @IsBoolean() enabled: boolean;
  @IsString() publicKey: string;
  @IsString() secretKey: string;
  @IsString() @Matches(/^https?:\/\//, { message: 'must be an http(s) URL' }) baseUrl: string;
  @IsNumber() @Min(0) @Max(1) samplingRatio: number;
  @IsArray() @IsString({ each: true }) sensitiveKeys: string[];
  /** Path prefixes whose requests get no span (probes and scrapes: a trace per kubelet probe is noise). */
  @IsArray() @IsString({ each: true }) ignorePaths: string[];
  @ValidateNested() @Type(() => TracingExportSettings) export: TracingExportSettings;
  @ValidateNested() @Type(() => OtlpExportSettings) otlp: OtlpExportSettings;
  @ValidateNested() @Type(() => TraceStoreSettings) store: TraceStoreSettings;
  @ValidateNested() @Type(() => GenerationSettings) generations: GenerationSettings;
  @ValidateNested() @Type(() => PromptStoreSettings) prompts: PromptStoreSettings;
}
