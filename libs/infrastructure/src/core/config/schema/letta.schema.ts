import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

// Agent memory (libs/letta).

/** Retention of one memory type: 0 means no limit. */
export class LettaRetentionRule {
  @IsNumber() @Min(0) @Max(36_500) maxAgeDays: number;
  @IsInt() @Min(0) @Max(10_000_000) maxCount: number;
}

export class LettaRetentionSettings {
  @ValidateNested() @Type(() => LettaRetentionRule) semantic: LettaRetentionRule;
  @ValidateNested() @Type(() => LettaRetentionRule) episodic: LettaRetentionRule;
  @ValidateNested() @Type(() => LettaRetentionRule) procedural: LettaRetentionRule;
}

/** Search score = sum of weight x min-max normalised component (see libs/letta README section). */
export class LettaRankingSettings {
  @IsNumber() @Min(0) @Max(100) relevanceWeight: number;
  @IsNumber() @Min(0) @Max(100) recencyWeight: number;
  @IsNumber() @Min(0) @Max(100) importanceWeight: number;
  @IsNumber() @Min(0) @Max(100) similarityWeight: number;
  @IsNumber() @Min(0.001) @Max(1_000_000) recencyHalfLifeHours: number;
  @IsInt() @Min(1) @Max(5000) candidateLimit: number;
}

export class LettaBlockSettings {
  @IsInt() @Min(1) @Max(1_000_000) defaultLimitChars: number;
  @IsInt() @Min(1) @Max(1_000_000) maxLimitChars: number;
  @IsInt() @Min(1) @Max(1000) maxBlocksPerAgent: number;
}

export class LettaEmbeddingsSettings {
  @IsString() @Matches(/^($|https?:\/\/)/, { message: 'must be empty or an http(s) URL' }) baseUrl: string;
  @IsString() model: string;
  @IsString() apiKey: string;
  @IsInt() @Min(1) @Max(600_000) timeoutMs: number;
}

export class LettaContextSettings {
  @IsInt() @Min(1) @Max(1_000_000) defaultBudgetTokens: number;
  @IsInt() @Min(1) @Max(1_000_000) maxBudgetTokens: number;
  @IsInt() @Min(0) @Max(1000) recentMessages: number;
  @IsInt() @Min(0) @Max(1000) searchHits: number;
}

/** Agent memory (libs/letta). */
export class LettaSettings {
  @IsBoolean() enabled: boolean;
  @IsInt() @Min(1) @Max(1_000_000) maxContentChars: number;
  @IsInt() @Min(1) @Max(100_000) bulkMaxItems: number;
  @IsInt() @Min(1) @Max(10_000_000) transferMaxItems: number;
  @IsNumber() @Min(0) @Max(1) dedupeSimilarity: number;
  @IsInt() @Min(0) @Max(30 * 24 * 3600 * 1000) sweepIntervalMs: number;
  @ValidateNested() @Type(() => LettaRetentionSettings) retention: LettaRetentionSettings;
  @ValidateNested() @Type(() => LettaRankingSettings) ranking: LettaRankingSettings;
  @ValidateNested() @Type(() => LettaBlockSettings) blocks: LettaBlockSettings;
  @ValidateNested() @Type(() => LettaEmbeddingsSettings) embeddings: LettaEmbeddingsSettings;
  @ValidateNested() @Type(() => LettaContextSettings) context: LettaContextSettings;
}
