import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/** Market triggers (`{ calendar, at }` or `{ calendar, every, during }`): kind `market`, trigger as JSON. */
export const addMarketTriggers: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('scheduler_schedules').addColumn('market', columnTypes(db).json).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    // Their timing cannot be expressed without the column: market schedules go with it.
    await db.deleteFrom('scheduler_schedules').where('kind', '=', 'market').execute();
    await db.schema.alterTable('scheduler_schedules').dropColumn('market').execute();
  },
};
