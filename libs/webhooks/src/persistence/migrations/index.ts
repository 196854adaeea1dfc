import type { Migration } from 'kysely';
import { createWebhooks } from './0001_webhooks_outbox';

/**
 * Migrations of the `webhooks` namespace. The keys are what kysely_migration_webhooks stores: never
 * rename one. Append with the next number; never edit a shipped one.
 */
export const webhooksMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_webhooks_outbox': createWebhooks,
});
