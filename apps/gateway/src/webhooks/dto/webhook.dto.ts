import { ApiProperty, ApiPropertyOptional, ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { DELIVERY_STATUSES, WEBHOOK_EVENTS, WEBHOOK_URL_MAX_CHARS } from '@app/webhooks';

const TASK_WEBHOOK_EVENTS = WEBHOOK_EVENTS.filter((event) => event.startsWith('task.'));
const RUN_WEBHOOK_EVENTS = WEBHOOK_EVENTS.filter((event) => event.startsWith('run.'));
import type { DeliveryStatus, WebhookEvent } from '@app/webhooks';
import { PageQueryDto } from '../../http/dto/page-query.dto';
import { OptionalEnum, OptionalText, stacked } from '../../http/dto-properties';

const SECRET_DESCRIPTION =
  'Your signing secret (16–200 printable characters); omitted → one is generated and shown once in the answer';

/** `secret`: 16-200 printable ASCII characters without spaces, signing the deliveries. */
const OptionalSigningSecret = (description: string, options: ApiPropertyOptions = {}) =>
  stacked(
    ApiPropertyOptional({ description, minLength: 16, maxLength: 200, ...options }),
    IsOptional(),
    IsString(),
    MinLength(16),
    MaxLength(200),
    Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' }),
  );

/** POST /api/v1/webhooks: a tenant subscription. */
export class CreateWebhookDto {
  @ApiProperty({
    description:
      'Where to POST (http or https). Private, loopback and link-local targets are refused unless listed in WEBHOOK_ALLOWLIST',
    maxLength: WEBHOOK_URL_MAX_CHARS,
    example: 'https://hooks.example.com/ai-orchestration',
  })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_CHARS)
  url: string;

  @ApiProperty({
    description: 'Events to deliver',
    type: [String],
    enum: WEBHOOK_EVENTS,
    example: ['task.succeeded', 'task.failed', 'run.succeeded', 'run.interrupted'],
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(WEBHOOK_EVENTS.length)
  @IsIn(WEBHOOK_EVENTS, { each: true })
  events: WebhookEvent[];

  @OptionalText(200, { maxLength: 200, example: 'Desk EQ signal bus' })
  description?: string;

  @OptionalSigningSecret(SECRET_DESCRIPTION)
  secret?: string;
}

const TARGET_SECRET_DESCRIPTION =
  'Signing secret (16–200 printable characters); omitted → the tenant’s webhook secret (POST /api/v1/webhooks/secret)';

/** What the webhook given with a task or a run has: where, and how it is signed. */
class TargetWebhookBase {
  @ApiProperty({ maxLength: WEBHOOK_URL_MAX_CHARS, example: 'https://hooks.example.com/ai-orchestration' })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX_CHARS)
  url: string;

  @OptionalSigningSecret(TARGET_SECRET_DESCRIPTION, { example: 'desk-eq-webhook-secret-2026' })
  secret?: string;
}

/** `events` of a per-task or per-run webhook: the events it delivers, documented as those of its kind. */
const OptionalEventFilter = (description: string, events: readonly string[], example: string[]) =>
  stacked(
    ApiPropertyOptional({ description, type: [String], enum: events as string[], example }),
    IsOptional(),
    IsArray(),
    ArrayMaxSize(WEBHOOK_EVENTS.length),
    IsIn(WEBHOOK_EVENTS, { each: true }),
  );

/** `webhook` on task creation: POSTed when the task finishes. */
export class TaskWebhookDto extends TargetWebhookBase {
  @OptionalEventFilter('Which of this task’s events to deliver; omitted → every final status', TASK_WEBHOOK_EVENTS, [
    'task.succeeded',
    'task.failed',
  ])
  events?: WebhookEvent[];
}

/** `webhook` on run creation: POSTed when the run finishes or waits for approval. */
export class RunWebhookDto extends TargetWebhookBase {
  @OptionalEventFilter(
    'Which of this run’s events to deliver; omitted → every final status and run.interrupted',
    RUN_WEBHOOK_EVENTS,
    ['run.succeeded', 'run.interrupted'],
  )
  events?: WebhookEvent[];
}

/** GET /api/v1/webhooks/deliveries filters. */
export class DeliveryListQueryDto extends PageQueryDto {
  @OptionalText(64, { description: 'Only this subscription’s (or task/run webhook’s) deliveries' })
  subscriptionId?: string;

  @OptionalEnum(DELIVERY_STATUSES)
  status?: DeliveryStatus;

  @OptionalEnum(WEBHOOK_EVENTS)
  event?: WebhookEvent;
}
