import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import { RUN_STATUSES } from '@app/langgraph';
import type { RunStatus } from '@app/langgraph';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalEnum } from '../../http/dto-properties';

export class RunListQueryDto extends PageQueryDto {
  @OptionalEnum(RUN_STATUSES) status?: RunStatus;
  @ApiPropertyOptional({ description: 'Workflow name', example: 'trading-analysis' })
  @IsOptional()
  @Matches(/^[a-z][a-z0-9-]{1,62}$/, { message: 'must be a workflow name' })
  workflow?: string;
}
