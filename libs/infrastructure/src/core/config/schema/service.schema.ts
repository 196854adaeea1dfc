import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsString, Matches, Max, Min, ValidateNested } from 'class-validator';

// The service itself: HTTP listener, request bodies, logging, TLS, role.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export const NODE_ENVS = ['development', 'production', 'test'] as const;
/** api: HTTP and enqueue only; worker: executes tasks and schedules; all: both (one process). */
export const SERVICE_ROLES = ['api', 'worker', 'all'] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

// Express's trust proxy: true, false, a hop count, or a list of subnet names, IPs and CIDRs.
const TRUSTED_HOST = 'loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+';
const TRUST_PROXY_PATTERN = new RegExp(`^(true|false|\\d+|${TRUSTED_HOST})(\\s*,\\s*(${TRUSTED_HOST}))*$`);

export class TlsSettings {
  @IsString() certPath: string;
  @IsString() keyPath: string;
}

/** Bounds on JSON request bodies, checked while they are read, before they are parsed. */
export class RequestBodySettings {
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size like 256kb or 1mb' }) defaultLimit: string;
  @IsInt() @Min(1) @Max(10_000) maxDepth: number;
  @IsInt() @Min(1) @Max(100_000_000) maxArrayItems: number;
  @IsInt() @Min(1) @Max(100_000_000) maxObjectKeys: number;
  @IsInt() @Min(1) @Max(1_000_000_000) maxStringChars: number;
  @IsInt() @Min(1) @Max(1_000_000_000) maxValues: number;
}

/** The WebSocket endpoint `/ws` (same port as HTTP). */
export class WebSocketSettings {
  @IsBoolean() enabled: boolean;
  @IsInt() @Min(1) @Max(1000) maxSubscriptions: number;
  @IsInt() @Min(1024) @Max(268_435_456) maxBufferedBytes: number;
  @IsInt() @Min(100) @Max(600_000) authTimeoutMs: number;
  @IsInt() @Min(1) @Max(100_000) maxConnections: number;
}

export class ServiceSettings {
  @IsString() name: string;
  @IsInt() @Min(0) @Max(65535) port: number;
  @IsString() host: string;
  @IsIn(NODE_ENVS) environment: (typeof NODE_ENVS)[number];
  @IsIn(SERVICE_ROLES) role: ServiceRole;
  @IsIn(LOG_LEVELS) logLevel: (typeof LOG_LEVELS)[number];
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'must be a size like 512kb or 1mb' }) bodyLimit: string;
  @ValidateNested() @Type(() => RequestBodySettings) body: RequestBodySettings;
  @IsInt() @Min(0) @Max(600_000) shutdownTimeoutMs: number;
  @Matches(TRUST_PROXY_PATTERN, {
    message: 'must be true, false, a hop count, or a comma-separated list of loopback|linklocal|uniquelocal|IP|CIDR',
  })
  trustProxy: string;
  @ValidateNested() @Type(() => TlsSettings) tls: TlsSettings;
  @ValidateNested() @Type(() => WebSocketSettings) websocket: WebSocketSettings;
}
