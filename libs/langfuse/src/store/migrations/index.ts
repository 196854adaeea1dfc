import type { Migration } from 'kysely';
import { createTraceStore } from './0001_trace_store';

/** Migrations of the `langfuse` namespace. Append with the next number; never edit a shipped one. */
export const langfuseMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_trace_store': createTraceStore,
});
