import type { Migration } from 'kysely';
import { createTraceStore } from './0001_langfuse_trace_store';
import { addTraceTenants } from './0002_langfuse_trace_store_tenant';
import { addGenerationCost } from './0003_langfuse_generation_cost';

/** Migrations of the `langfuse` namespace. Append with the next number; never edit a shipped one. */
export const langfuseMigrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_trace_store': createTraceStore,
  '0002_trace_store_tenant': addTraceTenants,
  '0003_generation_cost': addGenerationCost,
});
