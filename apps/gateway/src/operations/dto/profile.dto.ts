import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { PROFILE_KINDS, type ProfileKind } from '../profiling/replica-profiler';
import { RequiredEnum } from '../../http/dto-properties';

/** The schema's bound; PROFILING_MAX_SECONDS may lower it (checked by the route, 400 naming `seconds`). */
export const PROFILE_SECONDS_MAX = 300;

export class ProfileRequestDto {
  @RequiredEnum(PROFILE_KINDS, {
    example: 'cpu',
    description: 'cpu: a sampling CPU profile over `seconds` (.cpuprofile); heap: a heap snapshot now (.heapsnapshot)',
  })
  kind: ProfileKind;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: PROFILE_SECONDS_MAX,
    default: 5,
    example: 1,
    description: 'CPU profile length, at most PROFILING_MAX_SECONDS (ignored for heap snapshots)',
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(PROFILE_SECONDS_MAX)
  seconds?: number;
}
