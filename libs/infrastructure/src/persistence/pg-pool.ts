import { Pool, type PoolConfig } from 'pg';
import { throttledErrorLog, type ErrorLogSink } from '../core/logging/connection-error-log';

/**
 * A pg Pool that never takes the process down when PostgreSQL drops its connections (restart,
 * failover, `pg_terminate_backend`). pg emits 'error' twice over: on the pool for an idle client,
 * and on the client itself for one checked out between two queries (inside a transaction, or held
 * by LangGraph); either, without a listener, is an unhandled 'error' event. Both are logged here,
 * one throttled line per `source`; the query that was running fails on its own and its caller retries.
 */
export function createPgPool(config: PoolConfig, logger: ErrorLogSink, source: string): Pool {
  const pool = new Pool(config);
  const log = throttledErrorLog(logger, source, { message: 'PostgreSQL connection problem' });
  pool.on('error', log);
  pool.on('connect', (client) => client.on('error', log));
  return pool;
}
