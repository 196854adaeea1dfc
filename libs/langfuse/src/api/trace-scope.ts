import { AppError, isSystemAdmin, type Principal } from '@app/infrastructure';
import { ALL_TENANTS, type TraceScope } from '../traces/trace-store.types';

/**
 * The traces a caller may read: its own tenant's. The system admin reads every tenant's (and
 * those of no tenant), or one tenant's when it names one. Naming another tenant is refused for
 * everyone else, with the same answer whether that tenant exists or not.
 */
export function traceScopeOf(caller: Principal, tenant?: string): TraceScope {
  if (isSystemAdmin(caller)) return tenant === undefined ? ALL_TENANTS : { tenant };
  if (tenant !== undefined && tenant !== caller.tenant) {
    throw new AppError('FORBIDDEN', "Only the system admin reads another tenant's traces", { tenant });
  }
  return { tenant: caller.tenant };
}
