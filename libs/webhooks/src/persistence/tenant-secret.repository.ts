import { Injectable } from '@nestjs/common';
import { toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { WebhooksTables } from './tables';

/** Each tenant's signing secret for webhooks given without a secret of their own. */
@Injectable()
export class TenantSecretRepository extends TablesRepository<WebhooksTables> {
  async find(tenant: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('webhook_tenant_secrets')
      .select('secret')
      .where('tenant', '=', tenant)
      .executeTakeFirst();
    return row?.secret;
  }

  /** Sets (or replaces) the tenant's secret. */
  async put(tenant: string, secret: string, at: Date): Promise<void> {
    await this.db
      .insertInto('webhook_tenant_secrets')
      .values({ tenant, secret, created_at: toDbTimestamp(at) })
      .onConflict((oc) => oc.column('tenant').doUpdateSet({ secret, created_at: toDbTimestamp(at) }))
      .execute();
  }
}
