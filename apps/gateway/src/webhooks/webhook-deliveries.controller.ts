import { Get, Param, Query } from '@nestjs/common';
import { ApiOperation, ApiParam } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@app/infrastructure';
import { WebhookService } from '@app/webhooks';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import { DeliveryListQueryDto } from './dto/webhook.dto';
import { DELIVERIES_PATH, DELIVERY_SCHEMA, presentDelivery } from './webhook.presenter';

/** The delivery log of the caller's tenant: every event sent (or to be sent), with each attempt. */
@CallerController('webhooks', DELIVERIES_PATH.slice(1))
export class WebhookDeliveriesController {
  constructor(private readonly webhooks: WebhookService) {}

  @Get()
  @ApiOperation({
    operationId: 'listWebhookDeliveries',
    summary: 'The delivery log, newest first',
    description: 'Filter by subscription (or task/run webhook), status and event. Kept WEBHOOK_RETENTION_DAYS.',
  })
  @ApiCursorPage('One page', DELIVERY_SCHEMA)
  async list(@Query() query: DeliveryListQueryDto, @CurrentPrincipal() principal: Principal) {
    const result = await this.webhooks.deliveriesOf({ tenant: principal.tenant, ...query });
    return presentPage(result, presentDelivery);
  }

  @Get(':id')
  @ApiOperation({
    operationId: 'getWebhookDelivery',
    summary: 'One delivery: status, attempts and their outcomes, the body sent',
    description: 'Another tenant’s id answers 404.',
  })
  @ApiParam({ name: 'id', description: 'Delivery id (the X-Webhook-Id header)', example: '01JD3Z8X6Q4W3N5R7T9V1B2C3D' })
  @ApiEnvelope(200, 'The delivery', DELIVERY_SCHEMA)
  @ApiErrors('UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return presentDelivery(await this.webhooks.delivery(principal.tenant, id));
  }
}
