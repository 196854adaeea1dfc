import { Body, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, RequireRole, type Principal } from '@app/infrastructure';
import { WebhookService } from '@app/webhooks';
import { PageQueryDto } from '../http/dto/page-query.dto';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { CreateWebhookDto } from './dto/webhook.dto';
import {
  CREATED_WEBHOOK_SCHEMA,
  DELIVERIES_PATH,
  DELIVERY_SCHEMA,
  presentDelivery,
  presentWebhook,
  TENANT_SECRET_SCHEMA,
  WEBHOOK_SCHEMA,
  WEBHOOKS_PATH,
} from './webhook.presenter';

const ID_PARAM = { name: 'id', description: 'Webhook id (ULID)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' };
const SIGNING =
  'Each delivery is a POST of `{ id, event, createdAt, subscriptionId, data }` (data: the task or run as the API ' +
  'shows it) with `X-Webhook-Id`, `X-Webhook-Event`, `X-Webhook-Timestamp` and `X-Webhook-Signature: t=<unix s>,' +
  'v1=<hex HMAC-SHA256 of "<t>.<body>">`. Anything but a 2xx is retried with backoff from a durable outbox.';

/** The caller's tenant's webhook subscriptions: read by anyone of it, managed by its admin. */
@CallerController('webhooks', WEBHOOKS_PATH.slice(1))
export class WebhooksController {
  constructor(private readonly webhooks: WebhookService) {}

  @Post()
  @RequireRole('admin')
  @ApiBody({
    type: CreateWebhookDto,
    examples: {
      finished: {
        summary: 'Finished tasks and runs, and runs waiting for approval',
        value: {
          url: 'https://hooks.example.com/ai-orchestration',
          events: ['task.succeeded', 'task.failed', 'run.succeeded', 'run.interrupted'],
          description: 'Desk EQ signal bus',
        },
      },
    },
  })
  @ApiOperation({
    operationId: 'createWebhook',
    summary: 'Subscribe to your tenant’s events (admin)',
    description: `${SIGNING} The answer holds the signing secret; it is never shown again.`,
  })
  @ApiEnvelope(201, 'Created (Location is its URL); `secret` appears only here', CREATED_WEBHOOK_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'CONFLICT', 'RATE_LIMITED')
  async create(
    @Body() body: CreateWebhookDto,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { subscription, secret } = await this.webhooks.create(principal, body);
    res.setHeader('Location', `${WEBHOOKS_PATH}/${subscription.id}`);
    return { ...presentWebhook(subscription), secret };
  }

  @Get()
  @ApiOperation({
    operationId: 'listWebhooks',
    summary: 'List your tenant’s subscriptions, newest first',
    description: 'Task and run webhooks (given with a task or run) are not listed; see their deliveries.',
  })
  @ApiCursorPage('One page', WEBHOOK_SCHEMA)
  async list(@Query() query: PageQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.webhooks.list(principal.tenant, query);
    return presentPage(result, presentWebhook);
  }

  @Post('secret')
  @RequireRole('admin')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({
    operationId: 'rotateWebhookSecret',
    summary: 'Create or replace your tenant’s webhook secret (admin)',
    description:
      'Signs the webhooks given with tasks and runs without a secret of their own. Shown only in this answer; the ' +
      'previous secret stops signing at once.',
  })
  @ApiEnvelope(201, 'The new secret', TENANT_SECRET_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async rotateSecret(@CurrentPrincipal() principal: Principal) {
    const { secret, createdAt } = await this.webhooks.rotateTenantSecret(principal.tenant);
    return { secret, createdAt: createdAt.toISOString() };
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getWebhook',
    summary: 'Get a subscription (or a task’s or run’s webhook)',
    description: 'Another tenant’s id answers 404.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(200, 'The subscription', WEBHOOK_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentWebhook(await this.webhooks.get(principal.tenant, id));
  }

  @Delete(':id')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'deleteWebhook',
    summary: 'Delete a subscription (admin)',
    description: 'Its pending deliveries fail (“Subscription deleted”); its delivery log stays until retention.',
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(200, 'The deleted subscription', WEBHOOK_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async remove(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    const subscription = await this.webhooks.get(principal.tenant, id);
    await this.webhooks.delete(principal.tenant, id);
    return presentWebhook(subscription);
  }

  @Post(':id/test')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({
    operationId: 'testWebhook',
    summary: 'Send a test delivery',
    description: `Queues a \`webhook.test\` delivery to this subscription, signed like any other. ${SIGNING}`,
  })
  @ApiParam(ID_PARAM)
  @ApiEnvelope(202, 'Queued (Location is the delivery; its log shows the outcome)', DELIVERY_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async test(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) res: Response,
  ) {
    const delivery = await this.webhooks.test(principal.tenant, id);
    res.setHeader('Location', `${DELIVERIES_PATH}/${delivery.id}`);
    return presentDelivery(delivery);
  }
}
