import { parseApiKeys, type ApiKeyEntry } from './api-keys';
import { isAuthEnforced } from './auth-config';
import { IpAllowlist } from './ip-allowlist';
import type { JwtVerifyOptions } from './jwt';
import { matchesAnyPrefix } from './path-match';
import {
  DEFAULT_IP_ALLOWLIST_EXEMPT_PATHS,
  DEFAULT_OPEN_PATHS,
  DEFAULT_RATE_LIMIT_EXEMPT_PATHS,
  type SecurityOptions,
} from './security-options';

/**
 * SecurityOptions parsed once at start-up into what the guards consult on every request:
 * key digests, the allow-list, the path sets. Parsing here means a malformed entry stops the
 * app at boot rather than failing requests later.
 */
export class SecurityPolicy {
  readonly enforced: boolean;
  readonly apiKeys: readonly ApiKeyEntry[];
  /** Undefined when no JWT secret is configured: bearer tokens are then refused. */
  readonly jwt?: JwtVerifyOptions;
  readonly openPaths: readonly string[];
  readonly ipAllowlist: IpAllowlist;
  readonly ipAllowlistExemptPaths: readonly string[];
  readonly rateLimit: { readonly ttlMs: number; readonly max: number; readonly exemptPaths: readonly string[] };
  readonly redisUrl?: string;

  constructor(options: SecurityOptions) {
    this.enforced = isAuthEnforced(options);
    this.apiKeys = parseApiKeys(options.apiKeys);
    this.jwt = options.jwt.secret
      ? {
          secret: options.jwt.secret,
          issuer: options.jwt.issuer || undefined,
          audience: options.jwt.audience || undefined,
          clockToleranceSec: options.jwt.clockToleranceSec,
          defaultTenant: options.jwt.defaultTenant || undefined,
        }
      : undefined;
    this.openPaths = options.openPaths ?? DEFAULT_OPEN_PATHS;
    this.ipAllowlist = IpAllowlist.from(options.ipAllowlist);
    this.ipAllowlistExemptPaths = options.ipAllowlistExemptPaths ?? DEFAULT_IP_ALLOWLIST_EXEMPT_PATHS;
    if (!(options.rateLimit.ttlMs > 0)) {
      throw new Error(`rateLimit.ttlMs must be a positive number of milliseconds, got ${options.rateLimit.ttlMs}`);
    }
    if (!(options.rateLimit.max >= 0)) {
      throw new Error(`rateLimit.max must be 0 (off) or a positive integer, got ${options.rateLimit.max}`);
    }
    this.rateLimit = {
      ttlMs: options.rateLimit.ttlMs,
      max: options.rateLimit.max,
      exemptPaths: options.rateLimit.exemptPaths ?? DEFAULT_RATE_LIMIT_EXEMPT_PATHS,
    };
    this.redisUrl = options.redisUrl || undefined;
  }

  isOpenPath(path: string): boolean {
    return matchesAnyPrefix(path, this.openPaths);
  }

  isIpExempt(path: string): boolean {
    return matchesAnyPrefix(path, this.ipAllowlistExemptPaths);
  }

  isRateLimitExempt(path: string): boolean {
    return this.rateLimit.max === 0 || matchesAnyPrefix(path, this.rateLimit.exemptPaths);
  }
}
