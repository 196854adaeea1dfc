import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { ALERT_SEVERITIES } from '@app/infrastructure';
import { ALERT_SCOPES } from '@app/monitoring-orchestrator';
import { RULE_NAME, RULE_NAME_MESSAGE } from './create-alert-rule.dto';
import { IsDateTime, IsOmittable } from './field-validators';
import { OptionalEnum } from '../../http/dto-properties';

/** POST /api/v1/monitoring/alerts/silences. */
export class CreateSilenceDto {
  @ApiPropertyOptional({
    type: String,
    description: 'Rule to silence; omit (or null) for every rule of the owner',
    example: 'high-error-ratio',
    nullable: true,
  })
  @IsOptional()
  @Matches(RULE_NAME, { message: RULE_NAME_MESSAGE })
  ruleName?: string | null;

  @OptionalEnum(ALERT_SEVERITIES, { nullable: true, description: 'Only this severity; omit or null: all' })
  severity?: (typeof ALERT_SEVERITIES)[number] | null;

  @ApiPropertyOptional({ description: 'Default now', example: '2030-01-01T09:00:00Z', format: 'date-time' })
  @IsOmittable()
  @IsDateTime()
  startsAt?: string;

  @ApiProperty({ example: '2030-01-01T11:00:00Z', format: 'date-time' })
  @IsDateTime()
  endsAt: string;

  @ApiProperty({ example: 'planned database failover', maxLength: 500 })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  comment: string;

  @ApiPropertyOptional({
    enum: ALERT_SCOPES,
    default: 'tenant',
    description: '`tenant`: mutes rules of the caller’s tenant. `system` (system admin only): mutes the system rules.',
  })
  @IsOmittable()
  @IsIn(ALERT_SCOPES)
  scope?: (typeof ALERT_SCOPES)[number];
}
