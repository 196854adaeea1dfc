import { AUDIT_OUTCOMES } from '@app/infrastructure';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalDate, OptionalEnum, OptionalText } from '../../http/dto-properties';

/** `GET /api/v1/audit-log` filters; a tenant admin's `tenant` is always its own. */
export class AuditLogQueryDto extends PageQueryDto {
  @OptionalText(200, { example: 'default', description: 'System admin only; anyone else gets their own tenant' })
  tenant?: string;

  @OptionalText(200, {
    example: 'POST /api/v1/ai-orchestration/tasks',
    description: 'Method and route template, or a named action (audit.pruned, audit.dropped)',
  })
  action?: string;

  @OptionalText(200, { example: 'ops-key' }) principalId?: string;

  @OptionalEnum(AUDIT_OUTCOMES, { example: 'denied' })
  outcome?: string;

  @OptionalText(200, { example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D', description: 'The X-Request-Id a client quotes' })
  requestId?: string;

  @OptionalDate({ description: 'Inclusive lower bound' })
  from?: Date;

  @OptionalDate({ description: 'Exclusive upper bound' })
  to?: Date;
}
