import { IsArray, IsBoolean, IsInt, Matches, Max, Min } from 'class-validator';

// Webhook subscriptions and their delivery outbox (libs/webhooks).

/** A host name (`hooks.example.com`, `*.example.com`), an IP address or a CIDR (`10.0.0.0/8`, `::1/128`). */
export const WEBHOOK_ALLOWLIST_ENTRY =
  /^(?:(?:\*\.)?[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|[0-9a-f:.]+(?:\/\d{1,3})?)$/i;

/** Webhooks: outbox delivery, retries and the SSRF guard. */
export class WebhooksSettings {
  /** Run the delivery loop in this process (off: rows wait for a replica that delivers). */
  @IsBoolean() enabled: boolean;
  /** Private, loopback and link-local targets allowed anyway (hosts, addresses, CIDRs). */
  @IsArray()
  @Matches(WEBHOOK_ALLOWLIST_ENTRY, { each: true, message: 'each entry must be a host name, an IP address or a CIDR' })
  allowlist: string[];
  @IsInt() @Min(100) @Max(120_000) timeoutMs: number;
  @IsInt() @Min(1) @Max(50) maxAttempts: number;
  @IsInt() @Min(10) @Max(3_600_000) backoffMs: number;
  @IsInt() @Min(10) @Max(86_400_000) maxBackoffMs: number;
  @IsInt() @Min(10) @Max(60_000) pollIntervalMs: number;
  /** Rows claimed per poll; also how many deliveries run at once in this process. */
  @IsInt() @Min(1) @Max(100) batchSize: number;
  @IsInt() @Min(1) @Max(10_000) maxSubscriptionsPerTenant: number;
  /** Delivered and failed rows are deleted after this many days. */
  @IsInt() @Min(1) @Max(3650) retentionDays: number;
}
