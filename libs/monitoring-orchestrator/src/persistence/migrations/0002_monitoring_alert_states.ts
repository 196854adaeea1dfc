import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * Alert state survives a restart (before this, the evaluator's Map was the only record): one row
 * per replica and rule while the alert is pending or firing, or while a resolved notification is
 * still owed. Inactive alerts have no row. `version` makes every transition a compare-and-set.
 * History events say which replica saw them (null for events recorded before this migration).
 */
export const addAlertStates: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    const t = columnTypes(db);
    await db.schema
      .createTable('monitoring_alert_states')
      .addColumn('replica', t.text, (c) => c.notNull())
      .addColumn('rule_id', t.text, (c) => c.notNull())
      .addColumn('rule_name', t.text, (c) => c.notNull())
      // pending | firing | resolved (firing → inactive, resolved notification not yet delivered)
      .addColumn('state', t.text, (c) => c.notNull())
      .addColumn('since', t.timestamp, (c) => c.notNull())
      .addColumn('firing_since', t.timestamp)
      .addColumn('value', t.double)
      .addColumn('evaluated_at', t.timestamp, (c) => c.notNull())
      .addColumn('notified', t.boolean, (c) => c.notNull())
      .addColumn('version', t.integer, (c) => c.notNull())
      .addPrimaryKeyConstraint('monitoring_alert_states_pk', ['replica', 'rule_id'])
      .execute();
    await db.schema.alterTable('monitoring_alert_events').addColumn('replica', t.text).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('monitoring_alert_events').dropColumn('replica').execute();
    await db.schema.dropTable('monitoring_alert_states').execute();
  },
};
