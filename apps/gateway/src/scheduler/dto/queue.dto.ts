import { ApiProperty } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { QUEUE_SCOPES, type QueueScopeName } from '@app/task-scheduler';
import { OptionalEnum } from '../../http/dto-properties';

const SCOPE_DESCRIPTION =
  "`tenant` (default): the caller's tenant's work only. `queue`: the whole queue, every tenant's work; " +
  'needs the system role (403 FORBIDDEN for anyone else).';

export class QueueNameParam {
  @ApiProperty({ example: 'handit.tasks' })
  @Matches(/^[a-z0-9][a-z0-9._-]{0,99}$/, { message: 'must be a queue name like scheduler.runs' })
  name: string;
}

export class QueueScopeQueryDto {
  @OptionalEnum(QUEUE_SCOPES, { default: 'tenant', example: 'tenant', description: SCOPE_DESCRIPTION })
  scope?: QueueScopeName;
}

/** Body of pause, resume and drain; an empty body acts on the caller's tenant's work. */
export class QueueActionDto {
  @OptionalEnum(QUEUE_SCOPES, { default: 'tenant', example: 'tenant', description: SCOPE_DESCRIPTION })
  scope?: QueueScopeName;
}
