import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  IsDefined,
  IsIn,
  IsInt,
  IsNumber,
  IsObject,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { ALERT_COMPARISONS, ALERT_REDUCERS, ALERT_SEVERITIES } from '@app/infrastructure';
import { ALERT_SCOPES } from '@app/monitoring-orchestrator';
import { IsOmittable, NestedObject } from './field-validators';
import { RequiredEnum } from '../../http/dto-properties';

const DAY_MS = 24 * 3600 * 1000;
/** What a rule may be called (also what a silence's `ruleName` may name). */
export const RULE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,99}$/;
export const RULE_NAME_MESSAGE = '$property must be 1-100 letters, digits, _ . : - (starting with a letter or digit)';

/** reduce(series over windowMs) <comparison> threshold, held for forMs. */
export class AlertExprDto {
  @ApiProperty({
    description: 'A series name (GET /api/v1/monitoring/metrics/series)',
    example: 'http.error_ratio',
    maxLength: 200,
  })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  series: string;

  @RequiredEnum(ALERT_COMPARISONS, { example: '>' })
  comparison: (typeof ALERT_COMPARISONS)[number];

  @ApiProperty({ description: 'A finite number', example: 0.05 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  threshold: number;

  @ApiPropertyOptional({
    description: 'How long the condition must hold before firing (ms)',
    example: 60000,
    default: 0,
    minimum: 0,
    maximum: 7 * DAY_MS,
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(7 * DAY_MS)
  forMs?: number;

  @ApiPropertyOptional({
    enum: ALERT_REDUCERS,
    description: 'How the points in windowMs become one value',
    example: 'avg',
    default: 'last',
  })
  @IsOmittable()
  @IsIn(ALERT_REDUCERS)
  reduce?: (typeof ALERT_REDUCERS)[number];

  @ApiPropertyOptional({
    description: 'Window the reducer reads (ms); 0 = newest point only',
    example: 60000,
    default: 0,
    minimum: 0,
    maximum: DAY_MS,
  })
  @IsOmittable()
  @IsInt()
  @Min(0)
  @Max(DAY_MS)
  windowMs?: number;
}

/** POST /api/v1/monitoring/alerts/rules. */
export class CreateAlertRuleDto {
  @ApiProperty({
    example: 'high-error-ratio',
    pattern: RULE_NAME.source,
    description: 'Unique among its tenant’s rules and the system rules',
  })
  @Matches(RULE_NAME, { message: RULE_NAME_MESSAGE })
  name: string;

  @ApiProperty({ type: AlertExprDto })
  @IsDefined({ message: '$property is required' })
  @IsObject()
  @ValidateNested()
  @NestedObject(AlertExprDto)
  expr: AlertExprDto;

  @RequiredEnum(ALERT_SEVERITIES, { example: 'critical' })
  severity: (typeof ALERT_SEVERITIES)[number];

  @ApiPropertyOptional({
    enum: ALERT_SCOPES,
    default: 'tenant',
    description:
      '`tenant`: the caller’s tenant owns the rule. `system` (system admin only): every tenant sees it, only the ' +
      'system admin changes it.',
  })
  @IsOmittable()
  @IsIn(ALERT_SCOPES)
  scope?: (typeof ALERT_SCOPES)[number];
}
