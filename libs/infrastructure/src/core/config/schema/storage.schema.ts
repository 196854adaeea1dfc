import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

// Where state lives: the database and Redis.

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
  /** Namespace of every BullMQ key and pub/sub channel, so deployments can share one Redis. */
  @Matches(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/, { message: 'must be 1-64 letters, digits, _ . -' })
  bullmqPrefix: string;
}
