import type { Migration } from 'kysely';
import { createQueuePauses } from './0001_queues_pauses';

/** Namespace of the queue pause store; libraries whose migrations read it list it in `dependsOn`. */
export const QUEUES_NAMESPACE = 'queues';

export const queueMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_queues_pauses': createQueuePauses,
});
