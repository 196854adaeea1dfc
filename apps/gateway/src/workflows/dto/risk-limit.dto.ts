import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNumber, IsOptional, Matches, Min } from 'class-validator';
import { RISK_METRICS, type RiskMetric } from '@app/langgraph';
import { RequiredEnum } from '../../http/dto-properties';

const DESK = /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/;
const SYMBOL = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,63}$/;

/** A risk limit to set: it replaces the tenant's limit with the same desk, metric and symbol. */
export class SetRiskLimitDto {
  @RequiredEnum(RISK_METRICS, {
    example: 'notional',
    description:
      'notional: gross notional of the proposed trades; position: a position’s value after them; var: value at ' +
      'risk (currency); drawdown: maximum drawdown (fraction); concentration: the largest weight (fraction)',
  })
  metric: RiskMetric;

  @ApiProperty({
    example: 250000,
    minimum: 0,
    description: 'The bound: a currency amount, or a fraction for drawdown and concentration',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  max: number;

  @ApiPropertyOptional({ example: 'equities', description: 'A desk; left out, the limit is the whole tenant’s' })
  @IsOptional()
  @Matches(DESK, { message: 'must be 1-64 letters, digits, _ . : -' })
  desk?: string;

  @ApiPropertyOptional({ example: 'SPY', description: 'Position limits only: the symbol bounded (else every symbol)' })
  @IsOptional()
  @Matches(SYMBOL, { message: 'must be a symbol such as SPY' })
  symbol?: string;
}

/** Which limits to list. */
export class RiskLimitQueryDto {
  @ApiPropertyOptional({ example: 'equities', description: 'The tenant-wide limits and this desk’s (else all)' })
  @IsOptional()
  @Matches(DESK, { message: 'must be 1-64 letters, digits, _ . : -' })
  desk?: string;
}
