/**
 * What SecurityModule needs, already validated by the config layer. Values are plain data so
 * the config layer (or a test) can build them without importing anything from here.
 */
export interface SecurityOptions {
  /** Raw `name:role:tenant:key` entries; key may be `sha256:<64 hex>`. See parseApiKeys(). */
  apiKeys: string[];
  jwt: {
    /** HS256 secret; unset → bearer tokens are refused. */
    secret?: string;
    issuer?: string;
    audience?: string;
    clockToleranceSec: number;
    /** Tenant for tokens without a `tenant` claim; unset → such tokens get 401. An explicit opt-in. */
    defaultTenant?: string;
  };
  /** true → every request runs as an anonymous admin (a warning is logged at start-up). */
  authDisabled: boolean;
  /** Path prefixes reachable without credentials (segment-aware). Default DEFAULT_OPEN_PATHS. */
  openPaths: string[];
  /** IPv4/IPv6 addresses and CIDRs allowed to call; empty → everyone. */
  ipAllowlist: string[];
  /** Path prefixes the allow-list does not apply to. Default DEFAULT_IP_ALLOWLIST_EXEMPT_PATHS. */
  ipAllowlistExemptPaths?: string[];
  rateLimit: {
    ttlMs: number;
    /** Requests per ttlMs per principal (or per client IP when unauthenticated); 0 disables. */
    max: number;
    /** Path prefixes never rate limited. Default DEFAULT_RATE_LIMIT_EXEMPT_PATHS. */
    exemptPaths?: string[];
  };
  /** Set → rate-limit counters live in Redis (shared by all replicas). */
  redisUrl?: string;
  /**
   * NODE_ENV as the config layer resolved it; drives the production refusal in
   * assertAuthConfigured(). Falls back to process.env.NODE_ENV when omitted.
   */
  nodeEnv?: string;
}

/** Probes, scrapers and API docs must work without credentials. */
export const DEFAULT_OPEN_PATHS: readonly string[] = ['/health', '/metrics', '/docs'];

/**
 * Kubelet probes come from the node's address, which an allow-list written for API clients
 * rarely names; blocking them would keep a pod from ever becoming ready.
 */
export const DEFAULT_IP_ALLOWLIST_EXEMPT_PATHS: readonly string[] = ['/health'];

/**
 * Kubelet probes and Prometheus scrapes arrive at fixed high rates from one address; throttling
 * them would flap readiness or lose metrics. Separate from openPaths on purpose: opening a path
 * to anonymous callers must not silently remove its rate limit too.
 */
export const DEFAULT_RATE_LIMIT_EXEMPT_PATHS: readonly string[] = ['/health', '/metrics'];

/** Injection token for SecurityOptions (provided by SecurityModule.forRootAsync). */
export const SECURITY_OPTIONS = Symbol('SECURITY_OPTIONS');
