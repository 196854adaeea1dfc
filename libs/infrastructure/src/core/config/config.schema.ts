import { Type } from 'class-transformer';
import { IsBoolean, IsInt, Max, Min, ValidateNested } from 'class-validator';
import { AgentsSettings } from './schema/agents.schema';
import { HanditSettings } from './schema/handit.schema';
import { LangfuseSettings } from './schema/langfuse.schema';
import { LanggraphSettings } from './schema/langgraph.schema';
import { LettaSettings } from './schema/letta.schema';
import { MarketCalendarsSettings } from './schema/market-calendars.schema';
import { MonitoringSettings } from './schema/monitoring.schema';
import { ProviderBreakerSettings } from './schema/provider-breakers.schema';
import { SchedulerSettings } from './schema/scheduler.schema';
import { SecuritySettings } from './schema/security.schema';
import { ServiceSettings } from './schema/service.schema';
import { DatabaseSettings, RedisSettings } from './schema/storage.schema';
import { WebhooksSettings } from './schema/webhooks.schema';

/**
 * The shape of config/ai-orchestration.yml. Defaults live in that file only (it is always loaded
 * first); these classes say what is allowed, and their messages say so in words.
 */
// Each section's classes live in schema/<section>.schema.ts (the lib's index exports them from
// there); this file composes them into AppConfig.
// The audit writer's settings are also named here, where its spec has always taken them from.
export { AuditSettings } from './schema/security.schema';

export class ComponentToggle {
  @IsBoolean() enabled: boolean;
}

export class AiComponentsSettings {
  @ValidateNested() @Type(() => HanditSettings) handit: HanditSettings;
  @ValidateNested() @Type(() => LettaSettings) letta: LettaSettings;
  @ValidateNested() @Type(() => LanggraphSettings) langgraph: LanggraphSettings;
  @ValidateNested() @Type(() => LangfuseSettings) langfuse: LangfuseSettings;
  @ValidateNested() @Type(() => ProviderBreakerSettings) providerBreakers: ProviderBreakerSettings;
}

/** Lifetime of each kind of cached data, in ms (0 = that kind is not cached). */
export class CacheTtlSettings {
  @IsInt() @Min(0) @Max(30 * 24 * 3600 * 1000) taskResult: number;
  @IsInt() @Min(0) @Max(24 * 3600 * 1000) models: number;
  @IsInt() @Min(0) @Max(24 * 3600 * 1000) capabilities: number;
  @IsInt() @Min(0) @Max(24 * 3600 * 1000) workflows: number;
}

/** The in-process level in front of Redis (distributed mode): bounded, short-lived, invalidated over pub/sub. */
export class CacheL1Settings {
  @IsInt() @Min(0) @Max(1_000_000) maxEntries: number;
  @IsInt() @Min(0) @Max(3_600_000) ttlMs: number;
}

export class CacheSettings {
  @IsInt() @Min(1) @Max(10_000_000) maxEntries: number;
  @IsInt() @Min(1) @Max(30 * 24 * 3600 * 1000) ttlMs: number;
  @ValidateNested() @Type(() => CacheL1Settings) l1: CacheL1Settings;
  @ValidateNested() @Type(() => CacheTtlSettings) ttls: CacheTtlSettings;
}

export class PerformanceSettings {
  @ValidateNested() @Type(() => CacheSettings) cache: CacheSettings;
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
  @ValidateNested() @Type(() => SchedulerSettings) scheduler: SchedulerSettings;
  @ValidateNested() @Type(() => AgentsSettings) agents: AgentsSettings;
  @ValidateNested() @Type(() => MarketCalendarsSettings) marketCalendars: MarketCalendarsSettings;
  @ValidateNested() @Type(() => WebhooksSettings) webhooks: WebhooksSettings;
  @ValidateNested() @Type(() => OptionalSettings) optional: OptionalSettings;
}
