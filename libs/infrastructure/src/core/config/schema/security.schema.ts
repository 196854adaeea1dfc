import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

// Authentication, rate limiting and the audit trail.

export class JwtSettings {
  @IsString() secret: string;
  @IsString() issuer: string;
  @IsString() audience: string;
  @IsInt() @Min(0) @Max(300) clockToleranceSec: number;
  /** '' = tokens must carry a `tenant` claim; a tenant name = the explicit opt-in for tokens without one. */
  @IsString()
  @Matches(/^$|^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/, { message: 'must be empty or a tenant name' })
  defaultTenant: string;
}

export class RateLimitSettings {
  @IsInt() @Min(1) @Max(86_400_000) ttlMs: number;
  /** 0 turns rate limiting off. */
  @IsInt() @Min(0) @Max(10_000_000) max: number;
  @IsArray()
  @IsString({ each: true })
  @Matches(/^\//, { each: true, message: 'each exempt path must start with /' })
  exemptPaths: string[];
}

/** The audit trail (libs/infrastructure/src/audit): what it keeps and how it batches appends. */
export class AuditSettings {
  @IsBoolean() enabled: boolean;
  /** Entries older than this are pruned (as a prefix of the chain); 0 keeps them forever. */
  @IsInt() @Min(0) @Max(36_500) retentionDays: number;
  /** How long an entry may wait in memory for its batch. */
  @IsInt() @Min(1) @Max(10_000) flushIntervalMs: number;
  @IsInt() @Min(1) @Max(5_000) batchMaxEntries: number;
  /** Entries waiting beyond this are dropped and counted (an `audit.dropped` entry records how many). */
  @IsInt() @Min(1) @Max(1_000_000) queueMaxEntries: number;
}

export class SecuritySettings {
  @IsArray() @IsString({ each: true }) apiKeys: string[];
  @ValidateNested() @Type(() => JwtSettings) jwt: JwtSettings;
  @IsBoolean() authDisabled: boolean;
  @IsArray()
  @IsString({ each: true })
  @Matches(/^\//, { each: true, message: 'each open path must start with /' })
  openPaths: string[];
  @IsArray() @IsString({ each: true }) corsOrigins: string[];
  @IsArray() @IsString({ each: true }) ipAllowlist: string[];
  @IsArray()
  @IsString({ each: true })
  @Matches(/^\//, { each: true, message: 'each exempt path must start with /' })
  ipAllowlistExemptPaths: string[];
  @ValidateNested() @Type(() => RateLimitSettings) rateLimit: RateLimitSettings;
  @ValidateNested() @Type(() => AuditSettings) audit: AuditSettings;
}
