import { Type } from 'class-transformer';
import {
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * The shape of config/ai-orchestration.yml. Defaults live in that file only (it is always loaded
 * first); these classes say what is allowed, and their messages say so in words.
 */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const NODE_ENVS = ['development', 'production', 'test'] as const;

export class TlsSettings {
  @IsString() certPath: string;
  @IsString() keyPath: string;
}

export class ServiceSettings {
  @IsString() name: string;
  @IsInt() @Min(0) @Max(65535) port: number;
  @IsString() host: string;
  @IsIn(NODE_ENVS) environment: (typeof NODE_ENVS)[number];
  @IsIn(LOG_LEVELS) logLevel: (typeof LOG_LEVELS)[number];
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size like 512kb or 1mb' }) bodyLimit: string;
  @IsInt() @Min(0) @Max(600_000) shutdownTimeoutMs: number;
  @Matches(/^(true|false|\d+|loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*$/, {
    message: 'must be true, false, a hop count, or a comma-separated list of loopback|linklocal|uniquelocal|IP|CIDR',
  })
  trustProxy: string;
  @ValidateNested() @Type(() => TlsSettings) tls: TlsSettings;
}

export class DatabaseSettings {
  @IsString()
  @Matches(/^($|postgres(ql)?:\/\/)/, { message: 'must be empty (embedded SQLite) or a postgres:// URL' })
  url: string;
  @IsString() sqlitePath: string;
  @IsInt() @Min(0) @Max(600_000) busyTimeoutMs: number;
  @IsInt() @Min(1) @Max(1000) poolMax: number;
}

export class RedisSettings {
  @IsString()
  @Matches(/^($|rediss?:\/\/)/, { message: 'must be empty or a redis:// / rediss:// URL' })
  url: string;
}

export class ComponentToggle {
  @IsBoolean() enabled: boolean;
}

export class AiComponentsSettings {
  @ValidateNested() @Type(() => ComponentToggle) handit: ComponentToggle;
  @ValidateNested() @Type(() => ComponentToggle) letta: ComponentToggle;
  @ValidateNested() @Type(() => ComponentToggle) langgraph: ComponentToggle;
  @ValidateNested() @Type(() => ComponentToggle) langfuse: ComponentToggle;
}

export class CacheSettings {
  @IsInt() @Min(1) @Max(10_000_000) maxEntries: number;
  @IsInt() @Min(1) @Max(30 * 24 * 3600 * 1000) ttlMs: number;
}

export class PerformanceSettings {
  @ValidateNested() @Type(() => CacheSettings) cache: CacheSettings;
}

export class JwtSettings {
  @IsString() secret: string;
  @IsString() issuer: string;
  @IsString() audience: string;
  @IsInt() @Min(0) @Max(300) clockToleranceSec: number;
}

export class RateLimitSettings {
  @IsInt() @Min(1) @Max(86_400_000) ttlMs: number;
  @IsInt() @Min(1) @Max(10_000_000) max: number;
}

export class SecuritySettings {
  @IsArray() @IsString({ each: true }) apiKeys: string[];
  @ValidateNested() @Type(() => JwtSettings) jwt: JwtSettings;
  @IsBoolean() authDisabled: boolean;
  @IsArray() @IsString({ each: true }) @Matches(/^\//, { each: true, message: 'each open path must start with /' })
  openPaths: string[];
  @IsArray() @IsString({ each: true }) corsOrigins: string[];
  @IsArray() @IsString({ each: true }) ipAllowlist: string[];
  @ValidateNested() @Type(() => RateLimitSettings) rateLimit: RateLimitSettings;
}

export class HealthSettings {
  @IsInt() @Min(16) @Max(1_000_000) heapLimitMb: number;
  @IsNumber() @Min(0.01) @Max(1) diskThreshold: number;
  @IsString() diskPath: string;
}

export class MonitoringSettings {
  @IsBoolean() metricsEnabled: boolean;
  @IsBoolean() defaultMetrics: boolean;
  @IsBoolean() swaggerEnabled: boolean;
  @ValidateNested() @Type(() => HealthSettings) health: HealthSettings;
}

export class OptionalSettings {
  @IsBoolean() events: boolean;
  @IsBoolean() validation: boolean;
  @IsBoolean() container: boolean;
  @IsBoolean() factory: boolean;
}

export class AppConfig {
  @ValidateNested() @Type(() => ServiceSettings) service: ServiceSettings;
  @ValidateNested() @Type(() => DatabaseSettings) database: DatabaseSettings;
  @ValidateNested() @Type(() => RedisSettings) redis: RedisSettings;
  @ValidateNested() @Type(() => AiComponentsSettings) aiComponents: AiComponentsSettings;
  @ValidateNested() @Type(() => PerformanceSettings) performance: PerformanceSettings;
  @ValidateNested() @Type(() => SecuritySettings) security: SecuritySettings;
  @ValidateNested() @Type(() => MonitoringSettings) monitoring: MonitoringSettings;
  @ValidateNested() @Type(() => OptionalSettings) optional: OptionalSettings;
}
