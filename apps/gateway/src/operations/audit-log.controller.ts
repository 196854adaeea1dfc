import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiPropertyOptional, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { AuditLogRepository, RequireRole } from '@app/infrastructure';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { PageQueryDto } from '../http/dto/page-query.dto';

export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'default' }) @IsOptional() @IsString() @MaxLength(200) tenant?: string;
  @ApiPropertyOptional({ example: 'service.start' }) @IsOptional() @IsString() @MaxLength(200) action?: string;
  @ApiPropertyOptional({ example: 'ops-key' }) @IsOptional() @IsString() @MaxLength(200) principalId?: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Inclusive lower bound' })
  @IsOptional() @Type(() => Date) @IsDate() from?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Exclusive upper bound' })
  @IsOptional() @Type(() => Date) @IsDate() to?: Date;
}

const ENTRY_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' },
    at: { type: 'string', format: 'date-time' },
    principalId: { type: 'string', nullable: true, example: 'ops-key' },
    tenant: { type: 'string', nullable: true, example: 'default' },
    action: { type: 'string', example: 'service.start' },
    resource: { type: 'string', nullable: true },
    outcome: { type: 'string', example: 'success' },
    details: { type: 'object', nullable: true, additionalProperties: true },
    requestId: { type: 'string', nullable: true },
  },
};

/** The security audit trail: who did what, when, with which outcome. Admins only. */
@ApiTags('operations')
@ApiSecurity('api-key')
@ApiBearerAuth('bearer')
@Controller('api/v1/audit-log')
export class AuditLogController {
  constructor(private readonly audit: AuditLogRepository) {}

  @Get()
  @RequireRole('admin')
  @ApiOperation({ summary: 'List audit log entries, newest first', description: 'Cursor-paginated; filter by tenant, action, principal and time range.' })
  @ApiEnvelope(200, 'One page of entries', {
    type: 'object',
    properties: { items: { type: 'array', items: ENTRY_SCHEMA }, nextCursor: { type: 'string', nullable: true } },
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  list(@Query() query: AuditLogQueryDto) {
    return this.audit.list(query);
  }
}
