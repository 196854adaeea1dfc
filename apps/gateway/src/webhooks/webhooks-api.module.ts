import { Module } from '@nestjs/common';
import { HanditModule } from '@app/handit';
import { LanggraphModule } from '@app/langgraph';
import { WebhooksModule } from '@app/webhooks';
import { WebhookDeliveriesController } from './webhook-deliveries.controller';
import { WebhookEventsBridge } from './webhook-events.bridge';
import { WebhooksController } from './webhooks.controller';

/**
 * /api/v1/webhooks: subscriptions and the delivery log; and the bridge that turns task and run
 * events into deliveries. Exported for the task and run routes, which take a `webhook` of their own.
 */
@Module({
  imports: [WebhooksModule, HanditModule, LanggraphModule],
  // Deliveries first: `/webhooks/deliveries` must not be read as `/webhooks/:id`.
  controllers: [WebhookDeliveriesController, WebhooksController],
  providers: [WebhookEventsBridge],
  exports: [WebhooksModule, WebhookEventsBridge],
})
export class WebhooksApiModule {}
