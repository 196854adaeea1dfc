import { Injectable } from '@nestjs/common';
import { Database, toDbTimestamp } from '@app/infrastructure';
import type { WebhooksDb, WebhooksTables } from './tables';

/** Each tenant's signing secret for webhooks given without a secret of their own. */
@Injectable()
export class TenantSecretRepository {
  constructor(private readonly database: Database) {}

  private get db(): WebhooksDb {
    return this.database.tables<WebhooksTables>();
  }

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
