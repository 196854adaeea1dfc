import type { Role } from './roles';

export type AuthMethod = 'api-key' | 'jwt' | 'anonymous';

/**
 * Who is calling. Every handler can read it (via @CurrentPrincipal()); later libraries scope
 * their data by `tenant`, so it must always be present once the guards have run.
 */
export interface Principal {
  /** API key name, or the JWT `sub`; 'anonymous' when nobody authenticated. */
  readonly id: string;
  readonly role: Role;
  readonly tenant: string;
  readonly authMethod: AuthMethod;
}

export const DEFAULT_TENANT = 'default';

/**
 * Used when auth is disabled (or not configured outside production): full rights, one tenant.
 * Nothing is isolated without authentication, so the anonymous caller is the system admin.
 */
export const ANONYMOUS_ADMIN: Principal = Object.freeze({
  id: 'anonymous',
  role: 'system',
  tenant: DEFAULT_TENANT,
  authMethod: 'anonymous',
});

/** Used on @Public/open routes when auth is enforced and no valid credentials were sent. */
export const ANONYMOUS_VIEWER: Principal = Object.freeze({
  id: 'anonymous',
  role: 'viewer',
  tenant: DEFAULT_TENANT,
  authMethod: 'anonymous',
});

/** True for the system admin, the one principal that may act on every tenant's data. */
export function isSystemAdmin(principal: Pick<Principal, 'role'>): boolean {
  return principal.role === 'system';
}

/** The property the guards set on the Express request. */
export const PRINCIPAL_REQUEST_KEY = 'principal';

export interface RequestWithPrincipal {
  [PRINCIPAL_REQUEST_KEY]?: Principal;
}

export function getRequestPrincipal(req: object): Principal | undefined {
  return (req as RequestWithPrincipal)[PRINCIPAL_REQUEST_KEY];
}

export function setRequestPrincipal(req: object, principal: Principal): void {
  (req as RequestWithPrincipal)[PRINCIPAL_REQUEST_KEY] = principal;
}

/**
 * Names and tenants end up in logs, metrics labels and database rows, so keep them to a
 * conservative alphabet instead of escaping them everywhere.
 */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/;
