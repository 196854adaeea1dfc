import { Injectable } from '@nestjs/common';
import { AppError } from '../core/errors/app-error';
import { matchApiKey } from './api-keys';
import { verifyJwt } from './jwt';
import type { Principal } from './principal';
import { SecurityPolicy } from './security-policy';

export type AuthResult =
  | { readonly kind: 'none' }
  | { readonly kind: 'ok'; readonly principal: Principal }
  | { readonly kind: 'invalid'; readonly error: AppError };

interface HeaderBag {
  headers: Record<string, string | string[] | undefined>;
}

/** Per-request cache so the rate-limit guard and the auth guard verify credentials once. */
const RESULT = Symbol('authResult');

const WWW_AUTHENTICATE = 'ApiKey realm="api", Bearer realm="api"';

function invalid(message: string, reason: string): AuthResult {
  return {
    kind: 'invalid',
    error: new AppError('UNAUTHORIZED', message, { reason }, { 'WWW-Authenticate': WWW_AUTHENTICATE }),
  };
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Turns request headers into an AuthResult without deciding whether auth is required (that is
 * the guard's job). Credentials: `X-API-Key: <key>`, `Authorization: ApiKey <key>` or
 * `Authorization: Bearer <jwt>`. When both X-API-Key and Authorization are sent, X-API-Key wins.
 */
@Injectable()
export class Authenticator {
  constructor(private readonly policy: SecurityPolicy) {}

  identify(req: object): AuthResult {
    const cached = (req as Record<symbol, AuthResult | undefined>)[RESULT];
    if (cached) return cached;
    const result = this.compute(req as HeaderBag);
    (req as Record<symbol, AuthResult>)[RESULT] = result;
    return result;
  }

  /** The error to throw when a protected route is called without any credentials. */
  static missingCredentials(): AppError {
    return new AppError(
      'UNAUTHORIZED',
      'Authentication required: send an X-API-Key header or Authorization: Bearer <token>',
      { reason: 'missing_credentials' },
      { 'WWW-Authenticate': WWW_AUTHENTICATE },
    );
  }

  private compute(req: HeaderBag): AuthResult {
    const apiKey = single(req.headers['x-api-key']);
    if (apiKey !== undefined) return this.byApiKey(apiKey.trim());
    const authorization = single(req.headers['authorization']);
    if (authorization === undefined || authorization.trim() === '') return { kind: 'none' };
    const match = /^(\S+)\s+(\S+)\s*$/.exec(authorization.trim());
    if (!match) return invalid('Authorization header must be "Bearer <token>" or "ApiKey <key>"', 'malformed_header');
    const scheme = match[1].toLowerCase();
    if (scheme === 'apikey') return this.byApiKey(match[2]);
    if (scheme === 'bearer') return this.byJwt(match[2]);
    return invalid('Authorization scheme is not supported; use Bearer or ApiKey', 'unsupported_scheme');
  }

  private byApiKey(key: string): AuthResult {
    if (key === '') return invalid('API key is empty', 'empty_key');
    const entry = matchApiKey(this.policy.apiKeys, key);
    if (!entry) return invalid('API key is not valid', 'unknown_key');
    return { kind: 'ok', principal: { id: entry.name, role: entry.role, tenant: entry.tenant, authMethod: 'api-key' } };
  }

  private byJwt(token: string): AuthResult {
    if (!this.policy.jwt)
      return invalid('Bearer tokens are not accepted: no JWT secret is configured', 'jwt_not_configured');
    try {
      return { kind: 'ok', principal: verifyJwt(token, this.policy.jwt) };
    } catch (err) {
      if (err instanceof AppError) return { kind: 'invalid', error: err };
      throw err;
    }
  }
}
