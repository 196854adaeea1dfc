import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * Circuit breakers survive a restart: what cockatiel's ConsecutiveBreaker needs to be rebuilt.
 * `breaker_state` is `closed` or `open` (half-open is an open circuit whose probe time has come,
 * derived from `breaker_opened_at` and AGENTS_BREAKER_HALF_OPEN_MS); `breaker_failures` the
 * consecutive failures counted; `breaker_attempt` the half-open attempts since it first opened.
 * Existing agents start closed, as they did on every start before.
 */
export const addBreakerState: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .alterTable('agents')
      .addColumn('breaker_state', t.text, (c) => c.notNull().defaultTo('closed'))
      .execute();
    await db.schema.alterTable('agents').addColumn('breaker_opened_at', t.timestamp).execute();
    await db.schema
      .alterTable('agents')
      .addColumn('breaker_failures', t.integer, (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .alterTable('agents')
      .addColumn('breaker_attempt', t.integer, (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    for (const column of ['breaker_attempt', 'breaker_failures', 'breaker_opened_at', 'breaker_state'])
      await db.schema.alterTable('agents').dropColumn(column).execute();
  },
};
