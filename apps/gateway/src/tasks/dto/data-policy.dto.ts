import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { DATA_POLICIES, STALENESS_PATTERN, type DataPolicy } from '@app/infrastructure';
import { OptionalEnum, OptionalInt, OptionalNested } from '../../http/dto-properties';

const STALENESS = {
  message: 'must be N then m, h (minutes or hours of market time) or d (trading days), e.g. 15m, 3h, 1d',
};
const staleness = (example: string) => ({
  example,
  description: 'm, h: market time since the last candle ended; d: trading days closed since its trade date',
});

/** Staleness per candle interval; an interval left out keeps the configured default. */
export class CandleStalenessDto {
  @ApiPropertyOptional(staleness('5m')) @IsOptional() @Matches(STALENESS_PATTERN, STALENESS) '1m'?: string;
  @ApiPropertyOptional(staleness('15m')) @IsOptional() @Matches(STALENESS_PATTERN, STALENESS) '5m'?: string;
  @ApiPropertyOptional(staleness('45m')) @IsOptional() @Matches(STALENESS_PATTERN, STALENESS) '15m'?: string;
  @ApiPropertyOptional(staleness('90m')) @IsOptional() @Matches(STALENESS_PATTERN, STALENESS) '30m'?: string;
  @ApiPropertyOptional(staleness('3h')) @IsOptional() @Matches(STALENESS_PATTERN, STALENESS) '1h'?: string;
  @ApiPropertyOptional(staleness('8h')) @IsOptional() @Matches(STALENESS_PATTERN, STALENESS) '4h'?: string;
  @ApiPropertyOptional(staleness('1d')) @IsOptional() @Matches(STALENESS_PATTERN, STALENESS) '1d'?: string;
}

/** A tenant's data policy: it replaces the tenant's previous override; fields left out take the default. */
export class UpdateDataPolicyDto {
  @OptionalEnum(DATA_POLICIES, {
    example: 'reject',
    description: 'reject: 400 naming each problem; warn: the task carries the problems as warnings; ignore: no checks',
  })
  policy?: DataPolicy;

  @OptionalNested(CandleStalenessDto, { example: { '1d': '2d', '5m': '20m' } })
  staleness?: CandleStalenessDto;

  @OptionalInt({
    example: 3,
    minimum: 0,
    maximum: 100000,
    description: 'Consecutive zero-volume candles that are a problem (0 = off)',
  })
  zeroVolumeRun?: number;
}
