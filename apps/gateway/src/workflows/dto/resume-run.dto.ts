import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsOptional, ValidateBy } from 'class-validator';
import { OptionalText } from '../../http/dto-properties';

const MAX_PRICES = 500;
const isPriceMap = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  !Array.isArray(value) &&
  Object.keys(value).length <= MAX_PRICES &&
  Object.values(value).every((p) => typeof p === 'number' && Number.isFinite(p) && p > 0);

/** The human decision for an approval interrupt. */
export class ResumeRunDto {
  @ApiProperty({ description: 'true approves (the run takes the approved path), false rejects', example: true })
  @IsBoolean()
  approved: boolean;

  @OptionalText(2000, {
    description: 'Shown in the run output and the report',
    maxLength: 2000,
    example: 'Within the desk limit after netting',
  })
  comment?: string;

  @ApiPropertyOptional({
    description:
      'Current prices of the symbols a risk gate’s request names (interrupt value `prices`): the approval ' +
      'lapses (APPROVAL_EXPIRED) when one moved beyond the gate’s priceBand since the request. Required to ' +
      'approve such a gate.',
    type: 'object',
    additionalProperties: { type: 'number' },
    example: { SPY: 501.2, TLT: 89.7 },
  })
  @IsOptional()
  @ValidateBy({
    name: 'isPriceMap',
    validator: { validate: isPriceMap, defaultMessage: () => `must map up to ${MAX_PRICES} symbols to prices above 0` },
  })
  prices?: Record<string, number>;
}
