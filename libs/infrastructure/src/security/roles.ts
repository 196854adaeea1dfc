/**
 * Roles form a strict ladder: admin > operator > viewer. Viewers read, operators create and
 * cancel, admins manage everything. A numeric rank keeps "at least" checks one comparison.
 */
export const ROLES = ['viewer', 'operator', 'admin'] as const;

export type Role = (typeof ROLES)[number];

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

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
