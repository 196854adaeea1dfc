import { parseApiKeys } from './api-keys';
import type { SecurityOptions } from './security-options';

type AuthSettings = Pick<SecurityOptions, 'apiKeys' | 'jwt' | 'authDisabled'>;

export interface WarnLogger {
  warn(message: string): unknown;
}

/** Auth is "configured" when at least one API key or a JWT secret exists. */
export function isAuthConfigured(options: Pick<SecurityOptions, 'apiKeys' | 'jwt'>): boolean {
  return options.apiKeys.some((entry) => entry.trim() !== '') || !!options.jwt.secret;
}

/**
 * Auth is enforced when configured and not explicitly disabled. Unconfigured and not disabled
 * only happens outside production (assertAuthConfigured refuses it there): requests then run
 * as an anonymous admin, with a warning at start-up, so a developer can try the API locally.
 */
export function isAuthEnforced(options: AuthSettings): boolean {
  return !options.authDisabled && isAuthConfigured(options);
}

/** HS256 keys shorter than the hash output are brute-forceable offline from any one token. */
const MIN_JWT_SECRET_LENGTH = 32;
const MIN_RAW_API_KEY_LENGTH = 16;

/**
 * Start-up check. Throws (so the process exits 1) when NODE_ENV=production has neither API
 * keys nor a JWT secret and auth was not explicitly disabled, or a JWT secret under 32 bytes;
 * warns whenever requests will run unauthenticated and about weak secrets elsewhere. Also parses
 * API_KEYS, so a malformed entry fails here.
 */
export function assertAuthConfigured(nodeEnv: string | undefined, options: AuthSettings, logger: WarnLogger): void {
  const keys = parseApiKeys(options.apiKeys);
  if (options.authDisabled) {
    logger.warn(
      'AUTH_DISABLED=true: authentication is OFF; every request runs as an anonymous admin in tenant "default"',
    );
    return;
  }
  if (!isAuthConfigured(options)) {
    if (nodeEnv === 'production') {
      throw new Error(
        'Refusing to start: NODE_ENV=production but no credentials are configured. ' +
          'Set API_KEYS (entries name:role:tenant:key) and/or JWT_SECRET, ' +
          'or set AUTH_DISABLED=true to run without authentication on purpose.',
      );
    }
    logger.warn(
      `Authentication is not configured (no API_KEYS, no JWT_SECRET) and NODE_ENV=${nodeEnv ?? '(unset)'}: ` +
        'every request runs as an anonymous admin. This start-up would be refused in production.',
    );
    return;
  }
  const secret = options.jwt.secret;
  if (secret && Buffer.byteLength(secret, 'utf8') < MIN_JWT_SECRET_LENGTH) {
    const weakness =
      `JWT_SECRET is shorter than ${MIN_JWT_SECRET_LENGTH} bytes; ` + 'HS256 tokens signed with it can be brute-forced';
    if (nodeEnv === 'production')
      throw new Error(
        `Refusing to start: ${weakness}. Use a random secret of at least ${MIN_JWT_SECRET_LENGTH} bytes.`,
      );
    logger.warn(weakness);
  }
  const short = keys.filter((k) => k.form === 'raw' && k.rawLength < MIN_RAW_API_KEY_LENGTH).map((k) => k.name);
  if (short.length > 0) {
    logger.warn(
      `API keys shorter than ${MIN_RAW_API_KEY_LENGTH} characters: ${short.join(', ')}; use long random keys`,
    );
  }
}
