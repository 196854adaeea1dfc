import { Injectable } from '@nestjs/common';
import type { Principal } from '@app/infrastructure';
import type { Run } from '@app/langgraph';
import { WebhookService } from '@app/webhooks';
import { WebhookEventsBridge } from '../webhooks/webhook-events.bridge';

/**
 * A Platform run's `webhook` (the SDK's `runs.create(…, { webhook })`): the URL is checked like any
 * run webhook (SSRF guard, WEBHOOK_ALLOWLIST) before the run exists, then stored as the run's own
 * webhook, so the outbox POSTs the run, signed, when it succeeds, fails, is cancelled or interrupted.
 */
@Injectable()
export class PlatformRunWebhooks {
  constructor(
    private readonly webhooks: WebhookService,
    private readonly events: WebhookEventsBridge,
  ) {}

  async start(principal: Principal, url: string | undefined, create: () => Promise<Run>): Promise<Run> {
    if (!url) return create();
    const webhook = { url };
    await this.webhooks.checkTargetWebhook(principal.tenant, 'run', webhook, 'webhook');
    const run = await create();
    await this.events.watchRun(principal, run.id, webhook);
    return run;
  }
}
