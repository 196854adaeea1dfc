import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsNumber, IsObject, IsOptional, Max, Min } from 'class-validator';
import { DEFAULT_REPLAY_TOLERANCE } from '@app/langgraph';

/** POST /runs/:id/replay. */
export class ReplayRunDto {
  @ApiPropertyOptional({
    description:
      'Another input to replay with (validated against the workflow’s inputSchema); omitted → the input of the ' +
      'run’s first checkpoint, i.e. exactly what the original started from',
    type: 'object',
    additionalProperties: true,
  })
  @IsOptional()
  @IsObject()
  input?: Record<string, unknown>;
}

/** GET /runs/:id/replays/:replayId/diff. */
export class ReplayDiffQueryDto {
  @ApiPropertyOptional({
    description: 'Relative tolerance: numbers with |a − b| ≤ tolerance · max(1, |a|, |b|) are within tolerance',
    minimum: 0,
    maximum: 1,
    default: DEFAULT_REPLAY_TOLERANCE,
    example: 1e-9,
  })
  @IsOptional()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  tolerance?: number;
}
