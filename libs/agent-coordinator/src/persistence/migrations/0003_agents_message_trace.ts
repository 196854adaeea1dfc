import type { Kysely, Migration } from 'kysely';
import { columnTypes } from '@app/infrastructure';

/**
 * A message carries the W3C traceparent of the send that made it, so its claim, ack / nack,
 * redelivery and dead letter join the sender's trace, as a queued task's execution does.
 * Messages sent before have none (their later spans start traces of their own).
 */
export const addMessageTrace: Migration = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('agent_messages').addColumn('trace_parent', columnTypes(db).text).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('agent_messages').dropColumn('trace_parent').execute();
  },
};
