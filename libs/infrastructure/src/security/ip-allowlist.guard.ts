import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AppError } from '../core/errors/app-error';
import { routePath } from './path-match';
import { SecurityPolicy } from './security-policy';

/**
 * Refuses clients outside IP_ALLOWLIST with 403 before any credential is looked at. Uses
 * `req.ip`, which Express derives from X-Forwarded-For only as far as 'trust proxy' allows,
 * so a client cannot spoof its way in unless the app was told to trust its proxy.
 */
@Injectable()
export class IpAllowlistGuard implements CanActivate {
  constructor(private readonly policy: SecurityPolicy) {}

  canActivate(context: ExecutionContext): boolean {
    const list = this.policy.ipAllowlist;
    if (!list.enabled || context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<{ ip?: string } & Parameters<typeof routePath>[0]>();
    if (this.policy.isIpExempt(routePath(req))) return true;
    if (list.allows(req.ip)) return true;
    // The address is echoed to help operators fix the list; it is the caller's own address.
    throw new AppError('FORBIDDEN', `Client address ${req.ip ?? '(unknown)'} is not in the IP allow-list`, {
      reason: 'ip_not_allowed',
    });
  }
}
