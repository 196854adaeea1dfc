/**
 * Roles form a strict ladder: system > admin > operator > viewer. Viewers read, operators create
 * and cancel, admins manage everything of their own tenant. `system` is the system admin: the
 * only role that acts across tenants (whole-queue pause/drain, every tenant's audit trail,
 * system-scope jobs). No key has it unless it is configured with it explicitly.
 * A numeric rank keeps "at least" checks one comparison.
 */
export const ROLES = ['viewer', 'operator', 'admin', 'system'] as const;

export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2, system: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RANK, value);
}

/** True when `actual` grants at least what `required` asks for. */
export function roleAtLeast(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

/** Methods that only read. Everything else changes state and needs an operator by default. */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The role a route needs when it carries no @RequireRole(): reads → viewer, writes → operator. */
export function defaultRoleForMethod(method: string): Role {
  return READ_METHODS.has(method.toUpperCase()) ? 'viewer' : 'operator';
}
