import { Get, Query } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { AuditTrailService, CurrentPrincipal, type Principal, RequireRole } from '@app/infrastructure';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import {
  AUDIT_CHAIN_REPORT_SCHEMA,
  AUDIT_ENTRY_SCHEMA,
  presentAuditEntry,
  presentChainReport,
} from './audit-log.presenter';
import { AuditLogQueryDto } from './dto/audit-log-query.dto';

/** The tamper-evident audit trail: who did what, when, with which outcome. Admins read their tenant's. */
@CallerController('operations', 'api/v1/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditTrailService) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'listAuditLog',
    summary: 'List audit log entries, newest first',
    description:
      'Every 401, every 403 and every POST/PUT/PATCH/DELETE, whatever its outcome, plus audit.* records. ' +
      'Cursor-paginated; filter by tenant, action, principal, outcome, request id and time range. A tenant admin ' +
      'sees its own tenant only (a `tenant` filter is replaced by its own); the system admin sees every entry, ' +
      'including those of no tenant (failed authentication).',
  })
  @ApiCursorPage('One page of entries', AUDIT_ENTRY_SCHEMA)
  async list(@Query() query: AuditLogQueryDto, @CurrentPrincipal() principal: Principal) {
    const page = await this.audit.list(principal, query);
    return presentPage(page, presentAuditEntry);
  }

  @Get('verify')
  @RequireRole('system')
  @ApiOperation({
    operationId: 'verifyAuditLog',
    summary: 'Verify the audit hash chain',
    description:
      'Walks the chain in sequence order, recomputing each SHA-256, and reports ok or the first broken link ' +
      '(sequence, id, what is wrong): an edited, deleted, re-ordered or inserted entry, or entries missing after ' +
      'the last the head records. After retention pruning the walk starts at the oldest kept entry and trusts its ' +
      'stored previous hash (`anchor.kind: retention`), as long as an audit.pruned entry accounts for the missing ' +
      'ones. System admin only: the chain spans every tenant.',
  })
  @ApiEnvelope(200, 'The report; ok: false names the first broken link', AUDIT_CHAIN_REPORT_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async verify(@CurrentPrincipal() principal: Principal) {
    return presentChainReport(await this.audit.verify(principal));
  }
}
