import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, MaxLength } from 'class-validator';
import { PRIORITIES, TASK_STATUSES } from '@app/handit';
import type { Priority, TaskStatus, TaskType } from '@app/handit';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { TASK_TYPES } from './create-task.dto';
import { OptionalEnum } from '../../http/dto-properties';

export class TaskListQueryDto extends PageQueryDto {
  @OptionalEnum(TASK_STATUSES) status?: TaskStatus;
  @OptionalEnum(TASK_TYPES) type?: TaskType;
  @ApiPropertyOptional({ example: 'options-pricer' }) @IsOptional() @IsString() @MaxLength(100) model?: string;
  @OptionalEnum(PRIORITIES) priority?: Priority;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Created at or after' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdFrom?: Date;
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'Created before' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  createdTo?: Date;
}
