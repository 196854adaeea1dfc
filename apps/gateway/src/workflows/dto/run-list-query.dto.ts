import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, Matches } from 'class-validator';
import { RUN_STATUSES } from '@app/langgraph';
import type { RunStatus } from '@app/langgraph';
import { PageQueryDto } from '../../http/dto/page-query.dto';

export class RunListQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: RUN_STATUSES }) @IsOptional() @IsIn(RUN_STATUSES) status?: RunStatus;
  @ApiPropertyOptional({ description: 'Workflow name', example: 'trading-analysis' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'must be a workflow name' })
  workflow?: string;
}
