import { PRIORITIES, TASK_STATUSES } from '@app/handit';
import type { Priority, TaskStatus, TaskType } from '@app/handit';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { TASK_TYPES } from './create-task.dto';
import { OptionalDate, OptionalEnum, OptionalText } from '../../http/dto-properties';

export class TaskListQueryDto extends PageQueryDto {
  @OptionalEnum(TASK_STATUSES) status?: TaskStatus;
  @OptionalEnum(TASK_TYPES) type?: TaskType;
  @OptionalText(100, { example: 'options-pricer' }) model?: string;
  @OptionalEnum(PRIORITIES) priority?: Priority;
  @OptionalDate({ description: 'Created at or after' })
  createdFrom?: Date;
  @OptionalDate({ description: 'Created before' })
  createdTo?: Date;
}
