import { IsInt, IsNumber, Max, Min } from 'class-validator';

/**
 * Circuit breakers on outbound AI providers (the LLM, the embeddings endpoint, each external
 * model): a circuit opens after `consecutiveFailures` failures in a row, or when more than
 * `failureRate` of the last `windowSize` calls failed (once `minimumCalls` were made), and lets
 * one probe through `halfOpenAfterMs` later.
 */
export class ProviderBreakerSettings {
  @IsInt() @Min(1) @Max(1000) consecutiveFailures: number;
  @IsNumber() @Min(0.01) @Max(1) failureRate: number;
  @IsInt() @Min(2) @Max(10_000) windowSize: number;
  @IsInt() @Min(1) @Max(10_000) minimumCalls: number;
  @IsInt() @Min(100) @Max(3_600_000) halfOpenAfterMs: number;
}
