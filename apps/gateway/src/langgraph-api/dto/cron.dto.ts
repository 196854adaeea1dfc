import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsString, Matches } from 'class-validator';
import { MULTITASK_STRATEGIES } from '@app/langgraph';
import { OptionalBoolean, OptionalEnum, OptionalObject, OptionalText, stacked } from '../../http/dto-properties';
import {
  ID_MESSAGE,
  ID_PATTERN,
  InterruptNodes,
  OptionalId,
  SearchLimit,
  SearchOffset,
  SelectFields,
  SortOrder,
} from './platform-properties';

/** A cron expression: 5 fields, or 6 with seconds first. */
const IsCronExpression = () =>
  stacked(IsString(), Matches(/^\S+( \S+){4,5}$/, { message: 'must be a cron expression of 5 or 6 fields' }));
const SCHEDULE = { description: 'A cron expression (5 fields, or 6 with seconds first)', example: '0 8 * * 1-5' };

/** A cron's run: what each firing creates (the run fields of POST /threads/{thread_id}/runs). */
class CronRunFieldsDto {
  @OptionalObject({ example: { desk: 'fx', symbol: 'EURUSD', quantity: 100000 } })
  input?: Record<string, unknown>;

  @OptionalObject({ example: { configurable: { desk_limit: 1000000 } } })
  config?: Record<string, unknown>;

  @OptionalObject({ example: { desk: 'fx' } })
  context?: Record<string, unknown>;

  @OptionalObject({ example: { purpose: 'morning book' } })
  metadata?: Record<string, unknown>;

  @InterruptNodes(['approve'])
  interrupt_before?: string[] | '*';

  @InterruptNodes(['book'])
  interrupt_after?: string[] | '*';

  @ApiPropertyOptional({
    oneOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }],
    example: ['values'],
  })
  @IsOptional()
  stream_mode?: string | string[];

  @OptionalBoolean({ example: false })
  stream_subgraphs?: boolean;

  @OptionalBoolean({ example: false })
  stream_resumable?: boolean;

  @OptionalText(2000, {
    description:
      'Where to POST each run the cron starts, signed like every webhook (README, Webhooks), when it succeeds, fails, is cancelled or waits at an interrupt. Checked against the SSRF guard and WEBHOOK_ALLOWLIST when the cron is stored.',
    example: 'https://hooks.example.com/runs',
  })
  webhook?: string;

  @OptionalText(64, { example: 'UTC' })
  timezone?: string;

  @ApiPropertyOptional({ example: '2027-01-01T00:00:00Z' })
  @IsOptional()
  @IsISO8601()
  end_time?: string;

  @OptionalBoolean({ example: true })
  enabled?: boolean;

  @OptionalEnum(['delete', 'keep'], {
    description: 'Stateless crons: drop or keep each run’s thread',
    example: 'delete',
  })
  on_run_completed?: 'delete' | 'keep';
}

export class CronCreateDto extends CronRunFieldsDto {
  @ApiProperty(SCHEDULE)
  @IsCronExpression()
  schedule: string;

  @ApiProperty({ example: 'desk-assistant' })
  @Matches(ID_PATTERN, { message: ID_MESSAGE })
  assistant_id: string;

  @OptionalEnum(MULTITASK_STRATEGIES, { default: 'enqueue', example: 'enqueue' })
  multitask_strategy?: (typeof MULTITASK_STRATEGIES)[number];

  @OptionalEnum(['async', 'sync', 'exit'], { description: 'Accepted for the SDK (checkpoints are always written)' })
  durability?: string;

  @OptionalBoolean({ description: 'Accepted for the SDK (checkpoints are always written)' })
  checkpoint_during?: boolean;
}

export class CronUpdateDto extends CronRunFieldsDto {
  @ApiPropertyOptional(SCHEDULE)
  @IsOptional()
  @IsCronExpression()
  schedule?: string;

  @OptionalEnum(['async', 'sync', 'exit'])
  durability?: string;
}

export class CronSearchDto {
  @OptionalId({ example: 'desk-assistant' })
  assistant_id?: string;

  @OptionalId({ example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' })
  thread_id?: string;

  @OptionalBoolean({ example: true })
  enabled?: boolean;

  @OptionalObject({ example: { purpose: 'morning book' } })
  metadata?: Record<string, unknown>;

  @SearchLimit()
  limit?: number;

  @SearchOffset()
  offset?: number;

  @OptionalEnum(['cron_id', 'assistant_id', 'thread_id', 'created_at', 'updated_at', 'next_run_date'])
  sort_by?: string;

  @SortOrder()
  sort_order?: string;

  @SelectFields()
  select?: unknown;
}

export class CronCountDto {
  @OptionalId({ example: 'desk-assistant' })
  assistant_id?: string;

  @OptionalId({ example: '0193a8f0-4c1e-7d2a-9b3c-5e6f7a8b9c0d' })
  thread_id?: string;

  @OptionalObject({ example: { purpose: 'morning book' } })
  metadata?: Record<string, unknown>;
}
