import { Injectable } from '@nestjs/common';
import { AppError } from '../core/errors/app-error';
import { AuditChainReport, AuditChainVerifier } from './audit-chain.verifier';
import { AuditLog } from './audit-log.service';
import type { AuditLogEntry, AuditLogQuery } from './audit-log.types';
import type { Page } from '../persistence/pagination/paginate';
import { isSystemAdmin, type Principal } from '../security/principal';

/**
 * Who may read what of the audit trail. A tenant admin reads its own tenant's entries only (a
 * `tenant` filter it passes is replaced by its own); the system admin reads every entry, including
 * those of no tenant (failed authentication, audit.* records), and alone may verify the chain,
 * which is one chain across all tenants.
 */
@Injectable()
export class AuditTrailService {
  constructor(
    private readonly log: AuditLog,
    private readonly verifier: AuditChainVerifier,
  ) {}

  list(caller: Principal, query: AuditLogQuery): Promise<Page<AuditLogEntry>> {
    return this.log.list(isSystemAdmin(caller) ? query : { ...query, tenant: caller.tenant });
  }

  verify(caller: Principal): Promise<AuditChainReport> {
    if (!isSystemAdmin(caller)) {
      throw new AppError('FORBIDDEN', 'Only the system admin may verify the audit chain: it spans every tenant', {
        requiredRole: 'system',
        role: caller.role,
      });
    }
    return this.verifier.verify();
  }
}
