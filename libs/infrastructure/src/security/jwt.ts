import { JsonWebTokenError, NotBeforeError, TokenExpiredError, verify, type JwtPayload } from 'jsonwebtoken';
import { AppError } from '../core/errors/app-error';
import { IDENTIFIER_PATTERN, type Principal } from './principal';
import { isRole, ROLES, type Role } from './roles';

export interface JwtVerifyOptions {
  secret: string;
  issuer?: string;
  audience?: string;
  clockToleranceSec: number;
  /**
   * Tenant for tokens without a `tenant` claim. Unset (the default) → such tokens are refused:
   * placing an unknown caller in some tenant silently would mix tenants' data.
   */
  defaultTenant?: string;
}

/** HS256 only: pinning the algorithm rules out `alg: none` and RS/HS confusion attacks. */
const ALGORITHMS = ['HS256'] as const;

/** A JWT `sub` may be an email, a UUID or `provider|id`; only refuse control chars and absurd sizes. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point of this pattern
const SUBJECT_PATTERN = /^[^\u0000-\u001f\u007f]{1,256}$/;

function unauthorized(message: string, reason: string): AppError {
  return new AppError(
    'UNAUTHORIZED',
    message,
    { reason },
    {
      'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message.replace(/"/g, "'")}"`,
    },
  );
}

/**
 * Verifies an HS256 bearer token and maps its claims to a Principal. Every failure is a 401
 * AppError whose message says what was wrong (expired vs bad signature vs …) without echoing
 * configured values such as the expected issuer.
 */
export function verifyJwt(token: string, options: JwtVerifyOptions, now: Date = new Date()): Principal {
  let payload: string | JwtPayload;
  try {
    payload = verify(token, options.secret, {
      algorithms: [...ALGORITHMS],
      issuer: options.issuer,
      audience: options.audience,
      clockTolerance: options.clockToleranceSec,
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
  } catch (err) {
    throw mapJwtError(err);
  }
  if (typeof payload === 'string') {
    throw unauthorized('Bearer token payload must be a JSON object', 'malformed');
  }
  // jsonwebtoken accepts tokens without `exp`; a token that never expires is not acceptable here.
  if (typeof payload.exp !== 'number') {
    throw unauthorized('Bearer token has no "exp" claim; tokens must expire', 'missing_exp');
  }
  const sub = payload.sub;
  if (typeof sub !== 'string' || !SUBJECT_PATTERN.test(sub)) {
    throw unauthorized('Bearer token has no valid "sub" claim', 'missing_sub');
  }
  const roleClaim: unknown = payload['role'];
  let role: Role = 'viewer';
  if (roleClaim !== undefined && roleClaim !== null) {
    if (!isRole(roleClaim)) {
      throw unauthorized(`Bearer token "role" claim is not one of ${[...ROLES].reverse().join('|')}`, 'bad_role');
    }
    role = roleClaim;
  }
  return { id: sub, role, tenant: tenantOf(payload, options.defaultTenant), authMethod: 'jwt' };
}

function tenantOf(payload: JwtPayload, defaultTenant: string | undefined): string {
  const claim: unknown = payload['tenant'];
  if (claim === undefined || claim === null) {
    if (defaultTenant) return defaultTenant;
    throw unauthorized('Bearer token has no "tenant" claim; every token must name its tenant', 'missing_tenant');
  }
  if (typeof claim !== 'string' || !IDENTIFIER_PATTERN.test(claim)) {
    throw unauthorized('Bearer token "tenant" claim is invalid', 'bad_tenant');
  }
  return claim;
}

function mapJwtError(err: unknown): AppError {
  // Order matters: TokenExpiredError and NotBeforeError extend JsonWebTokenError.
  if (err instanceof TokenExpiredError) {
    return unauthorized(`Bearer token expired at ${err.expiredAt.toISOString()}`, 'expired');
  }
  if (err instanceof NotBeforeError) {
    return unauthorized('Bearer token is not valid yet (nbf)', 'not_before');
  }
  if (err instanceof JsonWebTokenError) {
    const m = err.message;
    if (m === 'invalid signature') return unauthorized('Bearer token signature is invalid', 'bad_signature');
    if (m === 'invalid algorithm' || m === 'jwt signature is required') {
      return unauthorized('Bearer token algorithm is not allowed (only HS256 is accepted)', 'bad_algorithm');
    }
    if (m.startsWith('jwt issuer invalid')) return unauthorized('Bearer token issuer is not accepted', 'bad_issuer');
    if (m.startsWith('jwt audience invalid'))
      return unauthorized('Bearer token audience is not accepted', 'bad_audience');
    return unauthorized('Bearer token is malformed', 'malformed');
  }
  return unauthorized('Bearer token could not be verified', 'malformed');
}
