import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AppError } from '../core/errors/app-error';
import { Authenticator } from './authenticator';
import { IS_PUBLIC_KEY, REQUIRED_ROLE_KEY } from './decorators';
import { routePath } from './path-match';
import { ANONYMOUS_ADMIN, ANONYMOUS_VIEWER, setRequestPrincipal } from './principal';
import { defaultRoleForMethod, roleAtLeast, type Role } from './roles';
import { SecurityPolicy } from './security-policy';

/** What a route demands, derived from metadata and path alone (shared with the route walker). */
export type RouteAuthRequirement =
  | { readonly open: true; readonly reason: 'auth-not-enforced' | 'public-decorator' | 'open-path' }
  | { readonly open: false; readonly role: Role };

export function authRequirement(
  policy: SecurityPolicy,
  reflector: Reflector,
  handler: object,
  controller: object,
  method: string,
  path: string,
): RouteAuthRequirement {
  if (!policy.enforced) return { open: true, reason: 'auth-not-enforced' };
  // Reflector's getAllAndOverride takes Function targets; handlers and controllers are functions.
  const targets = [handler, controller] as Array<() => void>;
  if (reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return { open: true, reason: 'public-decorator' };
  if (policy.isOpenPath(path)) return { open: true, reason: 'open-path' };
  const role =
    reflector.getAllAndOverride<Role | undefined>(REQUIRED_ROLE_KEY, targets) ?? defaultRoleForMethod(method);
  return { open: false, role };
}

/**
 * The one global authentication/authorisation guard: 401 without valid credentials, 403 when
 * the role is too low. It always attaches a Principal, so handlers never see a request
 * without one.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly policy: SecurityPolicy,
    private readonly authenticator: Authenticator,
    private readonly reflector: Reflector,
  ) {}

  // A route's requirement depends only on its controller, handler, method and template, so it is
  // worked out once per route (metadata reads and prefix matching were a few per cent of a probe).
  // A request without a template (not routed by Express) is worked out each time.
  private readonly requirements = new WeakMap<object, WeakMap<object, Map<string, RouteAuthRequirement>>>();

  private requirementOf(context: ExecutionContext, req: { method: string } & Parameters<typeof routePath>[0]) {
    const [controller, handler] = [context.getClass(), context.getHandler()];
    const template = typeof req.route?.path === 'string' ? `${req.method} ${req.route.path}` : undefined;
    const byHandler = this.requirements.get(controller) ?? new WeakMap<object, Map<string, RouteAuthRequirement>>();
    const byTemplate = byHandler.get(handler) ?? new Map<string, RouteAuthRequirement>();
    const known = template === undefined ? undefined : byTemplate.get(template);
    if (known) return known;
    const requirement = authRequirement(this.policy, this.reflector, handler, controller, req.method, routePath(req));
    if (template !== undefined) {
      this.requirements.set(controller, byHandler.set(handler, byTemplate.set(template, requirement)));
    }
    return requirement;
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') {
      // No WebSocket/RPC transport is secured here yet; refusing beats serving it unauthenticated.
      throw new AppError('FORBIDDEN', 'Only HTTP requests are accepted');
    }
    const req = context.switchToHttp().getRequest<{ method: string } & Parameters<typeof routePath>[0]>();
    const requirement = this.requirementOf(context, req);
    if (requirement.open) {
      if (requirement.reason === 'auth-not-enforced') {
        setRequestPrincipal(req, ANONYMOUS_ADMIN);
      } else {
        // Valid credentials on an open route still identify the caller; anything else is anonymous.
        const result = this.authenticator.identify(req);
        setRequestPrincipal(req, result.kind === 'ok' ? result.principal : ANONYMOUS_VIEWER);
      }
      return true;
    }
    const result = this.authenticator.identify(req);
    if (result.kind === 'none') throw Authenticator.missingCredentials();
    if (result.kind === 'invalid') throw result.error;
    const { principal } = result;
    // Attached before the role check, so a refusal is recorded (audit trail) under the caller's name.
    setRequestPrincipal(req, principal);
    if (!roleAtLeast(principal.role, requirement.role)) {
      throw new AppError(
        'FORBIDDEN',
        `Role '${principal.role}' may not ${req.method} this resource; it requires '${requirement.role}' or higher`,
        { requiredRole: requirement.role, role: principal.role },
      );
    }
    return true;
  }
}
