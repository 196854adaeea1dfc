import type { ColumnType } from 'kysely';

/** One stored pause: the whole queue (tenant `*`) or one tenant's work in it. */
export interface QueuePauseRow {
  queue: string;
  tenant: string;
  paused_at: ColumnType<Date | string, string, string>;
}

export interface QueueTables {
  queue_pauses: QueuePauseRow;
}
