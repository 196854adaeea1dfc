import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';
import { PRIORITIES } from '@app/handit';
import type { Priority } from '@app/handit';
import { RUN_STATUSES, STRATEGIES } from '@app/agent-coordinator';
import type { RunStatus, Strategy } from '@app/agent-coordinator';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { CAPABILITY_PATTERN } from './agent.dto';
import { OptionalEnum, OptionalQueryInt, RequiredEnum } from '../../http/dto-properties';

export class CreateRunDto {
  @RequiredEnum(STRATEGIES, {
    description:
      'sequential: each agent gets the previous output as `previous`; parallel: all at once, each reported; ' +
      'consensus: health-weighted vote over trading signals',
    example: 'consensus',
  })
  strategy: Strategy;

  @ApiPropertyOptional({
    description: 'Agent ids in step order (or give capability)',
    type: [String],
    example: ['01JD3Z8X6Q4W3N5R7T9V1B2C3D', '01JD3Z8X6Q4W3N5R7T9V1B2C3E'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  agents?: string[];

  @ApiPropertyOptional({
    description: 'Every healthy agent with this capability (default: the task); must equal the task',
    example: 'trading_signal',
  })
  @IsOptional()
  @IsString()
  @Matches(CAPABILITY_PATTERN, { message: 'capability must be 1-100 letters, digits and _.:-' })
  capability?: string;

  @ApiPropertyOptional({
    description: 'Task type (message type) each agent runs; defaults to trading_signal for consensus',
    example: 'trading_signal',
  })
  @IsOptional()
  @IsString()
  @Matches(CAPABILITY_PATTERN, { message: 'task must be 1-100 letters, digits and _.:-' })
  task?: string;

  @ApiPropertyOptional({
    description: 'Sequential with agents only: the task of each step',
    type: [String],
    example: ['trading_signal', 'risk_assessment'],
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @Matches(CAPABILITY_PATTERN, { each: true, message: 'each task must be 1-100 letters, digits and _.:-' })
  tasks?: string[];

  @ApiProperty({
    description: 'The input every agent gets (the first step only, for sequential)',
    example: {
      symbol: 'SPY',
      candles: [{ time: '2025-07-24', open: 634.6, high: 636.15, low: 633.99, close: 634.42, volume: 71307134 }],
    },
  })
  @IsDefined()
  input: unknown;

  @ApiPropertyOptional({ enum: PRIORITIES, default: 'normal' }) @IsOptional() @IsIn(PRIORITIES) priority?: Priority;

  @ApiPropertyOptional({
    description: 'Time bound of the whole run (default COORDINATION_TIMEOUT_MS)',
    minimum: 100,
    example: 20000,
  })
  @IsOptional()
  @IsInt()
  @Min(100)
  timeoutMs?: number;
}

export class CreateRunQueryDto {
  @OptionalQueryInt({
    description: 'Wait up to this many ms for the run to finish (200 if it did, else 202)',
    minimum: 0,
    maximum: 300000,
    example: 15000,
  })
  wait?: number;
}

export class RunListQueryDto extends PageQueryDto {
  @OptionalEnum(RUN_STATUSES) status?: RunStatus;
  @OptionalEnum(STRATEGIES) strategy?: Strategy;
}
