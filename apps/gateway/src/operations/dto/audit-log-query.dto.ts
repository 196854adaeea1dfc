import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { AUDIT_OUTCOMES } from '@app/infrastructure';
import { PageQueryDto } from '../../http/dto/page-query.dto';

/** `GET /api/v1/audit-log` filters; a tenant admin's `tenant` is always its own. */
export class AuditLogQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'default', description: 'System admin only; anyone else gets their own tenant' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  tenant?: string;

  @ApiPropertyOptional({
    example: 'POST /api/v1/ai-orchestration/tasks',
    description: 'Method and route template, or a named action (audit.pruned, audit.dropped)',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  action?: string;

  @ApiPropertyOptional({ example: 'ops-key' }) @IsOptional() @IsString() @MaxLength(200) principalId?: string;

  @ApiPropertyOptional({ enum: AUDIT_OUTCOMES, example: 'denied' })
  @IsOptional()
  @IsIn(AUDIT_OUTCOMES)
  outcome?: string;

  @ApiPropertyOptional({ example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D', description: 'The X-Request-Id a client quotes' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  requestId?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Inclusive lower bound' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Exclusive upper bound' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;
}
