import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from 'class-validator';

/** `?at=`: the instant to report on; the service clock's now when absent. */
export class StatusQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date-time', example: '2026-11-27T17:30:00Z' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  at?: Date;
}
