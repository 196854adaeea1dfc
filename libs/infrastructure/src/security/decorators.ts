import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { getRequestPrincipal, type Principal } from './principal';
import type { Role } from './roles';

export const IS_PUBLIC_KEY = 'security:isPublic';
export const REQUIRED_ROLE_KEY = 'security:requiredRole';

/** Route or controller reachable without credentials (no role check either). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC_KEY, true);

/**
 * Minimum role for a route or controller (method-level wins over class-level). Without it,
 * GET/HEAD/OPTIONS need 'viewer' and every other method needs 'operator'.
 */
export const RequireRole = (role: Role): MethodDecorator & ClassDecorator => SetMetadata(REQUIRED_ROLE_KEY, role);

/**
 * Injects the Principal the guards attached: `@CurrentPrincipal() p: Principal` or a single
 * field, `@CurrentPrincipal('tenant') tenant: string`. Throws if none is attached, because
 * that means the security guards did not run and silently defaulting would leak across tenants.
 */
export const CurrentPrincipal = createParamDecorator(
  (field: keyof Principal | undefined, ctx: ExecutionContext): Principal | Principal[keyof Principal] => {
    const principal = getRequestPrincipal(ctx.switchToHttp().getRequest<object>());
    if (!principal) {
      throw new Error('No principal on the request: SecurityModule guards did not run for this route');
    }
    return field ? principal[field] : principal;
  },
);
